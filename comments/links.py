"""Signed links in reply emails: the token is the only authority (no cookie, no login)."""

from django.core import signing
from django.urls import reverse

from core.mail import absolute_url

from .models import ReplyAddress

TOKEN_SALT = "comments.reply-emails"


def token_for(address: ReplyAddress, *, action: str, article_id: int | None = None) -> str:
    # No email address in the link: links end up in server logs.
    return signing.dumps([address.pk, action, article_id], salt=TOKEN_SALT)


def address_from_token(token: str, *, action: str) -> tuple[ReplyAddress, int | None] | None:
    """The address and briefing a link was made for; None when forged, altered or stale."""
    try:
        pk, token_action, article_id = signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if token_action != action:
        return None
    address = ReplyAddress.objects.filter(pk=pk).first()
    return (address, article_id) if address else None


def confirm_url(address: ReplyAddress) -> str:
    return absolute_url(reverse("comments:confirm", args=[token_for(address, action="confirm")]))


def unsubscribe_url(address: ReplyAddress, article_id: int | None = None) -> str:
    token = token_for(address, action="unsubscribe", article_id=article_id)
    return absolute_url(reverse("comments:unsubscribe", args=[token]))
