"""The comment policy: who is held, what is spam, what is refused; comment_create applies it."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Comment, DisallowedWord

Status = Comment.Status
DUPLICATE_WINDOW = timedelta(hours=1)
LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


def moderator_may_post(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("comments.change_comment"))


def comments_open(article, *, now: datetime | None = None) -> bool:
    if not article.comments_enabled or not article.is_published:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or article.publish_at > (now or timezone.now()) - timedelta(days=days)


# --- Content rules ------------------------------------------------------------------------


def count_links(text: str) -> int:
    return len(LINK_PATTERN.findall(text))


def disallowed_words() -> set[str]:
    words = {word.strip().lower() for word in settings.COMMENTS_DISALLOWED_WORDS}
    return words | set(DisallowedWord.objects.values_list("word", flat=True))


def contains_disallowed_word(*texts: str) -> bool:
    words = disallowed_words()
    if not words:
        return False
    haystack = " ".join(texts).lower()
    return any(re.search(rf"\b{re.escape(word)}\b", haystack) for word in words if word)


def check_not_duplicate(*, article, email: str, body: str, now: datetime | None = None) -> None:
    since = (now or timezone.now()) - DUPLICATE_WINDOW
    if Comment.objects.filter(
        article=article, email__iexact=email, body=body.strip(), created_at__gte=since
    ).exists():
        raise ValidationError(
            {"body": "You have already posted this comment here. It looks like a double send."},
            code="duplicate",
        )


def has_approved_comment(email: str) -> bool:
    return Comment.objects.filter(email__iexact=email, status=Status.APPROVED).exists()


def status_for(
    *, name: str, email: str, url: str, body: str, is_bot: bool, by_moderator: bool
) -> tuple[str, str]:
    """The status a new comment starts in, and why (for the moderators)."""
    if by_moderator:
        return Status.APPROVED, ""
    if is_bot:
        return Status.SPAM, "Honeypot filled or form sent too fast."
    if contains_disallowed_word(name, url, body):
        return Status.SPAM, "Contains a disallowed word."
    if count_links(body) > settings.COMMENTS_MAX_LINKS:
        return Status.PENDING, f"More than {settings.COMMENTS_MAX_LINKS} links."
    match settings.COMMENTS_MODERATION:
        case "all":
            return Status.PENDING, "Every comment is held (COMMENTS_MODERATION=all)."
        case "first-time" if not has_approved_comment(email):
            return Status.PENDING, "First comment from this address."
    return Status.APPROVED, ""
