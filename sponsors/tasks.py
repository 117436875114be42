from django.conf import settings
from django.urls import reverse
from django_tasks import task

from core.mail import absolute_url, compose, group_addresses

from .models import Enquiry


def enquiry_recipients() -> list[str]:
    """ADVERTISING_EMAIL, or else every active member of the Editors group with an address."""
    if settings.ADVERTISING_EMAIL:
        return list(settings.ADVERTISING_EMAIL)
    return group_addresses("Editors")


@task()
def enquiry_notify(enquiry_id: int) -> None:
    """Email the editors one new enquiry; answering it is a reply to the business."""
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        return
    context = {
        "enquiry": enquiry,
        "admin_url": absolute_url(reverse("admin:sponsors_enquiry_change", args=[enquiry.pk])),
    }
    for address in enquiry_recipients():
        compose(
            to=address,
            subject=f"Advertising enquiry from {enquiry.company}",
            template="sponsors/email/enquiry",
            context=context,
            # Validated by EmailField, which refuses line breaks: no header can be smuggled in.
            headers={"Reply-To": enquiry.email},
        ).send()
