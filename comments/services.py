"""Writes to comments: used by the post view, the admin and demo seeding."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from config.invalidation import comments_moderated

from . import moderation
from .models import PATH_STEP, Comment

Status = Comment.Status


@transaction.atomic
def comment_create(
    *,
    article: Article,
    parent: Comment | None,
    name: str,
    email: str,
    body: str,
    url: str = "",
    user=None,
    ip_address: str | None = None,
    user_agent: str = "",
    is_bot: bool = False,
    status: str | None = None,
    now: datetime | None = None,
) -> Comment:
    """Validate, moderate and store a comment; `status` skips the policy (demo content)."""
    now = now or timezone.now()
    by_moderator = moderation.moderator_may_post(user)
    comment = Comment(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        url=url.strip(),
        body=body.strip(),
        user=user if by_moderator else None,
        is_team=by_moderator,
        created_at=now,
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    comment.full_clean(exclude=["path"])
    moderation.check_not_duplicate(article=article, email=comment.email, body=comment.body, now=now)
    if status is None:
        status, note = moderation.status_for(
            name=comment.name,
            email=comment.email,
            url=comment.url,
            body=comment.body,
            is_bot=is_bot,
            by_moderator=by_moderator,
        )
        comment.moderation_note = note
    comment.status = status
    comment.save()
    _place_in_thread(comment)
    if comment.status == Status.APPROVED:
        comment_counts_refresh(article_ids=[article.pk])
    elif comment.status == Status.PENDING and settings.COMMENTS_NOTIFY_MODERATORS:
        transaction.on_commit(lambda: moderators_notify(comment=comment))
    return comment


def _place_in_thread(comment: Comment) -> None:
    """Fix the materialised path once the id is known.

    Replies nest under their parent up to COMMENTS_MAX_DEPTH levels; a reply to a comment
    on the deepest level is shown beside it (under the same ancestor) with "in reply to".
    """
    own = str(comment.pk).zfill(PATH_STEP)
    parent = comment.parent
    if parent is None:
        comment.path, comment.depth = own, 0
    elif parent.depth + 1 < settings.COMMENTS_MAX_DEPTH:
        comment.path, comment.depth = parent.path + own, parent.depth + 1
    else:
        comment.path, comment.depth = parent.path[:-PATH_STEP] + own, parent.depth
    Comment.objects.filter(pk=comment.pk).update(path=comment.path, depth=comment.depth)


@transaction.atomic
def comments_moderate(*, comments: Iterable[Comment] | None = None, ids=None, status: str) -> int:
    """Set the status of many comments at once and keep the briefings' counts right."""
    ids = list(ids or []) + [comment.pk for comment in comments or []]
    queryset = Comment.objects.filter(pk__in=ids).exclude(status=status)
    article_ids = set(queryset.values_list("article_id", flat=True))
    shown_before = set(
        queryset.filter(status__in=[Status.APPROVED, Status.REMOVED]).values_list(
            "article_id", flat=True
        )
    )
    changed = queryset.update(status=status)
    comment_counts_refresh(article_ids=article_ids)
    # A bulk update sends no signal: purge the threads that change here (config/invalidation.py).
    comments_moderated(
        article_ids_shown_before=shown_before, article_ids=article_ids, status=status
    )
    return changed


def comment_counts_refresh(*, article_ids: Iterable[int]) -> None:
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=Status.APPROVED)
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.filter(pk__in=list(article_ids)).update(
        comment_count=Coalesce(Subquery(approved), 0)
    )


def moderators_notify(*, comment: Comment) -> int:
    """Email the Moderators group that a comment waits for them."""
    recipients = list(
        Group.objects.filter(name="Moderators")
        .values_list("user__email", flat=True)
        .exclude(user__email="")
        .exclude(user__email__isnull=True)
        .distinct()
    )
    if not recipients:
        return 0
    return send_mail(
        subject=f"[{settings.SITE_NAME}] Comment awaiting moderation on “{comment.article}”",
        message=(
            f"{comment.name} wrote:\n\n{comment.body}\n\n"
            f"Why it was held: {comment.moderation_note or 'moderation policy'}\n"
            f"Review it: {settings.SITE_URL}/admin/comments/comment/{comment.pk}/change/\n"
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )
