"""Writes that touch more than one model or carry a rule: used by the admin, commands and demo
seeding."""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, PreviewLink

User = get_user_model()


@transaction.atomic
def editor_ensure(*, username: str, password: str | None = None, **names) -> tuple[User, bool]:
    """Return a staff user in the Editors group, creating it (with `password`) if missing."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, **names}
    )
    if created:
        # Bylines need accounts; only accounts given a password can log in.
        user.set_password(password) if password else user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name="Editors"))
    return user, created


@transaction.atomic
def article_publish(*, article: Article, now: datetime | None = None) -> Article:
    """Publish `article`. A publish time the editor never set "floats": it becomes `now`, the
    moment of publishing, as WordPress does; a time the editor chose (past or future) is kept."""
    article.status = Article.Status.PUBLISHED
    if article.publish_at is None:
        article.publish_at = now or timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Back to draft. The publish time stays: publishing again keeps the date it went out."""
    article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    return article


PREVIEW_LINK_DAYS = (1, 3, 7, 14, 30)
PREVIEW_LINK_DEFAULT_DAYS = 7


@transaction.atomic
def preview_link_create(
    *,
    article: Article,
    created_by: User,
    days: int = PREVIEW_LINK_DEFAULT_DAYS,
    label: str = "",
    now: datetime | None = None,
) -> tuple[PreviewLink, str]:
    """A new preview link for an unpublished briefing, and its token (never stored: only its
    hash is, so this is the one time anyone sees it)."""
    if not created_by.has_perm("articles.change_article"):
        raise PermissionDenied
    if article.is_published:
        raise ValidationError("This briefing is published: send its address instead.")
    if days not in PREVIEW_LINK_DAYS:
        raise ValidationError(
            f"A preview link lasts {', '.join(map(str, PREVIEW_LINK_DAYS))} days."
        )
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PreviewLink(
        article=article,
        token_hash=PreviewLink.hash_token(token),
        label=label.strip(),
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    link.full_clean()
    link.save()
    return link, token


@transaction.atomic
def preview_link_revoke(
    *, link: PreviewLink, revoked_by: User, now: datetime | None = None
) -> PreviewLink:
    """Stop a link working at once. Revoking twice keeps the first time and person."""
    if not revoked_by.has_perm("articles.change_article"):
        raise PermissionDenied
    # One UPDATE guarded by the condition: two editors revoking at once both succeed.
    PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=revoked_by
    )
    link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return link
