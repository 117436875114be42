from django.db import transaction
from django.db.models import F

from .models import Enquiry, Placement
from .tasks import enquiry_notify


def placement_click(*, placement_id: int) -> str | None:
    """Count one click and return where it goes; None when the placement no longer exists.

    One atomic UPDATE: concurrent clicks never overwrite each other, and nothing about the
    reader is stored.
    """
    with transaction.atomic():
        if not Placement.objects.filter(pk=placement_id).update(clicks=F("clicks") + 1):
            return None
        return Placement.objects.values_list("url", flat=True).get(pk=placement_id)


def enquiry_create(*, name: str, company: str, email: str, budget: str, message: str) -> Enquiry:
    """Store an advertising enquiry and queue the editors' email in the same transaction."""
    enquiry = Enquiry(name=name, company=company, email=email, budget=budget, message=message)
    enquiry.full_clean()
    with transaction.atomic():
        enquiry.save()
        enquiry_notify.enqueue(enquiry.pk)
    return enquiry
