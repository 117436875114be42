"""The comment policy: who is held, what is spam, what is refused. Every rule is here."""

import ipaddress
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Comment, DisallowedWord

Status = Comment.Status
DUPLICATE_WINDOW = timedelta(hours=1)
RENDER_TOKEN_SALT = "comments.form-rendered"
RENDER_TOKEN_MAX_AGE = 60 * 60 * 24
LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def moderator_may_post(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("comments.change_comment"))


def comments_open(article, *, now: datetime | None = None) -> bool:
    if not article.comments_enabled or not article.is_published:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or article.publish_at > (now or timezone.now()) - timedelta(days=days)


# --- Signed render time: a form posted faster than a person types is from a bot ---------


def render_token(*, now: datetime | None = None) -> str:
    return signing.dumps((now or timezone.now()).timestamp(), salt=RENDER_TOKEN_SALT)


def seconds_since_render(token: str, *, now: datetime | None = None) -> float | None:
    """None when the token is missing, forged or too old."""
    try:
        rendered = signing.loads(token, salt=RENDER_TOKEN_SALT, max_age=RENDER_TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    return (now or timezone.now()).timestamp() - float(rendered)


def looks_like_a_bot(*, honeypot: str, render_token: str, now: datetime | None = None) -> bool:
    if honeypot:
        return True
    elapsed = seconds_since_render(render_token, now=now)
    return elapsed is None or elapsed < settings.COMMENTS_MIN_SECONDS_TO_POST


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


# --- Flood control ------------------------------------------------------------------------


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/m' -> (5, 60): how many posts per how many seconds."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1].lower()]


def rate_limited(ip: str | None, *, now: datetime | None = None) -> bool:
    """Count this post against the IP's allowance; True once it is used up."""
    if not settings.COMMENTS_RATE_LIMIT or not ip:
        return False
    limit, period = parse_rate(settings.COMMENTS_RATE_LIMIT)
    window = int((now or timezone.now()).timestamp() // period)
    key = f"comments:rate:{ip}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        used = 1
    return used > limit


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the nearest untrusted address in X-Forwarded-For behind a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.COMMENTS_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address if _is_ip(address) else remote
    return remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
