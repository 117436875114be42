"""Writes that touch more than one model or carry a rule: used by the admin, commands and demo
seeding."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import Article

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
