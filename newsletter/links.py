"""Signed links in every email: the token is the only authority an unsubscribe or a change needs.

Tokens sign the subscriber's random `key`, never the address, so a link reveals nothing, and
deleting the subscriber makes every link they were sent dead.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from core.mail import absolute_url

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.key, salt=CONFIRM_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.key, salt=MANAGE_SALT)


def subscriber_from_token(token: str, *, purpose: str) -> Subscriber | None:
    """The subscriber a link was made for; None when it is forged, expired or they are gone."""
    salt, max_age = {
        "confirm": (CONFIRM_SALT, settings.NEWSLETTER_CONFIRM_DAYS * 86400),
        "manage": (MANAGE_SALT, None),
    }[purpose]
    try:
        key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(key=key).first()


def confirm_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def manage_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("newsletter:manage", args=[manage_token(subscriber)]))


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("newsletter:unsubscribe", args=[manage_token(subscriber)]))
