"""The two emails a subscriber gets: the confirmation request and the digest."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from core.mail import compose

from . import links
from .models import Digest, Subscriber


def confirmation_message(*, subscriber: Subscriber) -> EmailMultiAlternatives:
    return compose(
        to=subscriber.email,
        subject=f"Confirm your {settings.SITE_NAME} briefing subscription",
        template="newsletter/email/confirm",
        context={
            "confirm_url": links.confirm_url(subscriber),
            "days": settings.NEWSLETTER_CONFIRM_DAYS,
        },
        # Also here: whoever typed the address in, its owner can say "never again" at once.
        unsubscribe_url=links.unsubscribe_url(subscriber),
    )


def digest_message(
    *, digest: Digest, subscriber: Subscriber, delivery_id: int | None = None
) -> EmailMultiAlternatives:
    """The digest as one subscriber gets it; the admin preview and test sends use it too."""
    headers = {}
    if delivery_id is not None:
        # One Message-ID per delivery, the same on a retry: receiving servers can drop a copy.
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        headers["Message-ID"] = f"<digest-{digest.pk}-{delivery_id}@{domain}>"
    else:
        headers["Message-ID"] = make_msgid(domain=urlsplit(settings.SITE_URL).hostname)
    return compose(
        to=subscriber.email,
        subject=digest.subject,
        template="newsletter/email/digest",
        context={
            "digest": digest,
            "articles": digest.articles,
            "prices": digest.content.get("prices", []),
            "disclaimer": digest.content.get("disclaimer", ""),
            "manage_url": links.manage_url(subscriber),
            "subscriber": subscriber,
        },
        unsubscribe_url=links.unsubscribe_url(subscriber),
        headers=headers,
    )
