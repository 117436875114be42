"""Demo sponsor placements for seed_demo: one per slot, so `make run` shows what a booking
looks like. The sponsors are made up, say so in their names and link to `.example` addresses
(reserved, never anyone's site). Added only where missing: a placement edited in the admin is
left as it is.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import SLOT_FIELDS, Placement, Slot

# (slot, sponsor, headline, text, link)
PLACEMENTS = [
    (
        Slot.ARTICLE,
        "Northwind Ledger (demo sponsor)",
        "Reconcile on-chain payments with your books in minutes",
        "A made-up accounting tool, booked by seed_demo to show a placement under a briefing.",
        "https://northwind-ledger.example/",
    ),
    (
        Slot.HOME,
        "Lumen Compute (demo sponsor)",
        "GPU hours for model fine-tuning, billed by the minute",
        "A fictional cloud: this is what a placement between the home page's cards looks like.",
        "https://lumen-compute.example/",
    ),
    (
        Slot.NEWSLETTER,
        "Quillstone Research (demo sponsor)",
        "A weekly data pack on stablecoin flows",
        "An invented research firm, shown in the digest email's sponsor slot.",
        "https://quillstone.example/",
    ),
    (
        Slot.TICKER,
        "Harbor Keys (demo sponsor)",
        "Hardware wallets for teams",
        "",
        "https://harbor-keys.example/",
    ),
]


def seed(*, now: datetime) -> str:
    today = timezone.localdate(now)
    created = 0
    for slot, sponsor, headline, text, url in PLACEMENTS:
        _, was_created = Placement.objects.get_or_create(
            sponsor_name=sponsor,
            defaults={
                "headline": headline,
                "text": text,
                "url": url,
                "starts_on": today - timedelta(days=1),
                "ends_on": today + timedelta(days=365),
                **{field: field == SLOT_FIELDS[slot] for field in SLOT_FIELDS.values()},
            },
        )
        created += was_created
    return (
        f"Demo sponsors ready: {created} new placement(s), one per slot, "
        "each labelled “Sponsored” and named as a demo."
    )
