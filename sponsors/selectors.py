"""What the slots and /advertise/ show.

Pages are cached for every anonymous reader, so a slot's choice depends only on the day and
the placements booked: a weighted draw seeded by the date and the slot, the same in every
process, stable all day.
"""

import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsletter.selectors import confirmed_subscriber_count

from .models import SLOT_FIELDS, AdvertisePage, Placement, Slot


def choose(candidates: list[Placement], *, slot: str, day: date) -> Placement | None:
    """One of `candidates` (ordered by id), drawn by weight with a seed of the day and slot."""
    if not candidates:
        return None
    seed = int.from_bytes(hashlib.sha256(f"{day.isoformat()}:{slot}".encode()).digest()[:8])
    return random.Random(seed).choices(candidates, weights=[p.weight for p in candidates])[0]


def day_cache_key(day: date) -> str:
    return f"sponsors:day:{day.isoformat()}"


def placement_for(slot: str, *, day: date) -> Placement | None:
    """The placement in `slot` on `day`. Every slot of a page shares one cached answer: one
    query for the first slot rendered, none for the others or while the cache holds it."""
    key = day_cache_key(day)
    chosen = cache.get(key)
    if chosen is None:
        chosen = placements_today(day)
        cache.set(key, chosen, timeout=settings.SPONSORS_CACHE_SECONDS)
    return chosen[slot]


def forget_cached_choices(day: date) -> None:
    """After an edit: the days a reader anywhere in the world may be on."""
    cache.delete_many([day_cache_key(day + timedelta(days=n)) for n in (-1, 0, 1)])


def placements_today(day: date) -> dict[str, Placement | None]:
    """What runs where on `day`: one query for every slot, never cached (the admin's view)."""
    running = list(Placement.objects.running_on(day).order_by("id"))
    return {
        slot.value: choose(
            [p for p in running if getattr(p, SLOT_FIELDS[slot])], slot=slot.value, day=day
        )
        for slot in Slot
    }


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def next_change_at(now: datetime) -> datetime | None:
    """When any slot's choice may next change (a placement starts or ends, or the daily draw
    among several): cached pages must not outlive it. None when nothing is booked."""
    today = timezone.localdate(now)
    rows = Placement.objects.filter(is_active=True, ends_on__gte=today).values_list(
        "starts_on", "ends_on", *SLOT_FIELDS.values()
    )
    boundaries = set()
    running = Counter()
    for starts_on, ends_on, *flags in rows:
        boundaries.add(ends_on + timedelta(days=1))
        if starts_on > today:
            boundaries.add(starts_on)
            continue
        running.update(slot for slot, flag in zip(SLOT_FIELDS, flags, strict=True) if flag)
    if any(count > 1 for count in running.values()):
        boundaries.add(today + timedelta(days=1))
    return _midnight(min(boundaries)) if boundaries else None


@dataclass(frozen=True)
class Audience:
    briefings_published: int
    briefings_last_30_days: int
    comments_last_30_days: int
    subscribers: int | None = None


def audience(*, now: datetime) -> Audience:
    """Who reads us, counted from the site's own rows (never typed in)."""
    month_ago = now - timedelta(days=30)
    published = Article.objects.published()
    return Audience(
        briefings_published=published.count(),
        briefings_last_30_days=published.filter(publish_at__gte=month_ago).count(),
        comments_last_30_days=Comment.objects.filter(
            status=Comment.Status.APPROVED, created_at__gte=month_ago, created_at__lte=now
        ).count(),
        subscribers=confirmed_subscriber_count(),
    )


def advertise_page() -> AdvertisePage:
    """The editable text; the migration creates it, an unsaved default covers its absence."""
    return AdvertisePage.objects.filter(pk=1).first() or AdvertisePage(
        title="Advertise with us", intro="", offer=""
    )
