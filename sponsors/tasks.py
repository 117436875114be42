from django.conf import settings
from django.urls import reverse
from django_tasks import task

from core.mail import SEND_ERRORS, absolute_url, compose, group_addresses
from core.tasks import retry_later

from .models import Enquiry


def enquiry_recipients() -> list[str]:
    """ADVERTISING_EMAIL, or else every active member of the Editors group with an address."""
    if settings.ADVERTISING_EMAIL:
        return list(settings.ADVERTISING_EMAIL)
    return group_addresses("Editors")


@task()
def enquiry_notify(enquiry_id: int, to: list[str] | None = None, attempt: int = 1) -> None:
    """Email the editors one new enquiry; answering it is a reply to the business. A failed
    send is tried again later for the addresses not reached yet (`to`)."""
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        return
    context = {
        "enquiry": enquiry,
        "admin_url": absolute_url(reverse("admin:sponsors_enquiry_change", args=[enquiry.pk])),
    }
    addresses = enquiry_recipients() if to is None else to
    for sent, address in enumerate(addresses):
        try:
            compose(
                to=address,
                subject=f"Advertising enquiry from {enquiry.company}",
                template="sponsors/email/enquiry",
                context=context,
                # Validated by EmailField, which refuses line breaks: no header can be smuggled.
                headers={"Reply-To": enquiry.email},
            ).send()
        except SEND_ERRORS as error:
            retry_later(
                enquiry_notify,
                attempt=attempt,
                error=error,
                what=f"Enquiry {enquiry_id} email to {address}",
                giving_up="the enquiry waits in the admin",
                enquiry_id=enquiry_id,
                to=addresses[sent:],
            )
            return
