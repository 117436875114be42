"""Writes to comments: used by the post and edit views, the admin and demo seeding."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from core import abuse

from . import caching, moderation, notifications, rendering, selectors, tasks
from .models import PATH_STEP, Comment, CommentRevision

Status = Comment.Status


class CommentRefused(Exception):
    """The post or edit cannot be taken at all (not a typing mistake): say why, change nothing."""

    status_code = 400

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code or self.status_code


class RateLimited(CommentRefused):
    status_code = 429

    def __init__(self, retry_after: int):
        super().__init__("You are posting comments faster than we can read them.")
        self.retry_after = retry_after


@transaction.atomic
def comment_create(
    *,
    article: Article,
    parent: Comment | int | None,
    name: str,
    email: str,
    body: str,
    url: str = "",
    notify: bool = False,
    user=None,
    ip_address: str | None = None,
    user_agent: str = "",
    is_bot: bool = False,
    status: str | None = None,
    now: datetime | None = None,
) -> Comment:
    """Apply the whole policy (open, rate, parent, moderation) and store a comment.

    `parent` may be an id straight from a form; `status` skips the policy (demo content).
    Raises CommentRefused (nothing to fix in the form) or ValidationError (field messages).
    """
    now = now or timezone.now()
    if status is None:
        if not moderation.comments_open(article, now=now):
            raise CommentRefused("Comments are closed on this briefing.", status_code=403)
        if abuse.rate_limited("comments", ip_address, rate=settings.COMMENTS_RATE_LIMIT, now=now):
            raise RateLimited(abuse.parse_rate(settings.COMMENTS_RATE_LIMIT)[1])
    if parent is not None and not isinstance(parent, Comment):
        parent = Comment.objects.filter(pk=parent).first()
        if parent is None:
            raise CommentRefused("The comment you replied to does not exist.")
    by_moderator = moderation.moderator_may_post(user)
    comment = Comment(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        url=url.strip(),
        body=body.strip(),
        notify=notify,
        user=user if by_moderator else None,
        is_team=by_moderator,
        created_at=now,
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    try:
        comment.full_clean(exclude=["path"])
    except ValidationError as error:
        if "parent" in error.message_dict:  # the model's rule: a published comment, same briefing
            raise CommentRefused(error.message_dict["parent"][0]) from error
        raise
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
    _changed([article.pk])
    if comment.status == Status.APPROVED:
        comment_counts_refresh(article_ids=[article.pk])
        notifications.replies_approved(replies=[comment], now=now)
    elif comment.status == Status.PENDING and settings.COMMENTS_NOTIFY_MODERATORS:
        transaction.on_commit(lambda: tasks.send_moderators_notice.enqueue(comment.pk))
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


# --- The author's few minutes -----------------------------------------------------------------


def comment_is_editable(comment: Comment, *, now: datetime | None = None) -> bool:
    """Within the edit window and still on the site (approved or held)."""
    window = timedelta(seconds=settings.COMMENTS_EDIT_SECONDS)
    return (
        comment.status in (Status.APPROVED, Status.PENDING)
        and (now or timezone.now()) < comment.created_at + window
    )


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, now: datetime | None = None) -> Comment:
    """The author's new text, under the same rules as a new comment; the old text is kept."""
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment_is_editable(comment, now=now):
        raise CommentRefused("The time to edit this comment is over.", status_code=403)
    previous = comment.body
    comment.body = body.strip()
    comment.full_clean(exclude=["path", "parent"])
    if comment.body == previous:
        return comment
    status, note = moderation.status_for(
        name=comment.name,
        email=comment.email,
        url=comment.url,
        body=comment.body,
        is_bot=False,
        by_moderator=comment.is_team,
    )
    if comment.status == Status.PENDING and status == Status.APPROVED:
        status = Status.PENDING  # an edit never lets a held comment past the moderators
    elif status != Status.APPROVED:
        comment.moderation_note = f"After an edit: {note}"[:200]
    comment.status = status
    comment.edited_at = now
    CommentRevision.objects.create(comment=comment, body=previous, replaced_at=now)
    comment.save()
    comment_counts_refresh(article_ids=[comment.article_id])
    _changed([comment.article_id])
    return comment


@transaction.atomic
def comment_delete_by_author(*, comment: Comment, now: datetime | None = None) -> None:
    """Take it off the site; replies (if any came already) keep it as "removed"."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment_is_editable(comment, now=now):
        raise CommentRefused("The time to delete this comment is over.", status_code=403)
    comment.status = Status.REMOVED
    comment.moderation_note = "Deleted by its author."
    comment.save(update_fields=["status", "moderation_note", "body_html"])
    comment_counts_refresh(article_ids=[comment.article_id])
    _changed([comment.article_id])


# --- Moderation -------------------------------------------------------------------------------


@transaction.atomic
def comments_moderate(
    *,
    comments: Iterable[Comment] | None = None,
    ids=None,
    status: str,
    now: datetime | None = None,
) -> int:
    """Set the status of many comments at once, keep the counts right, and tell the people
    answered by newly approved replies."""
    ids = list(ids or []) + [comment.pk for comment in comments or []]
    queryset = Comment.objects.filter(pk__in=ids).exclude(status=status)
    changing = list(queryset.select_for_update().only("pk", "article_id", "status"))
    changed = Comment.objects.filter(pk__in=[c.pk for c in changing]).update(status=status)
    article_ids = {comment.article_id for comment in changing}
    comment_counts_refresh(article_ids=article_ids)
    _changed(article_ids)
    # A bulk update sends no signal: purge the pages whose threads change.
    caching.comments_purge((comment, status) for comment in changing)
    if status == Status.APPROVED and changing:
        replies = Comment.objects.filter(pk__in=[c.pk for c in changing], parent__isnull=False)
        notifications.replies_approved(replies=replies.select_related("parent"), now=now)
    return changed


def comment_counts_refresh(*, article_ids: Iterable[int]) -> None:
    """The counts a briefing keeps of its comments: approved ones, and conversations."""

    def count(comments):
        per_article = comments.filter(article=OuterRef("pk")).order_by().values("article")
        return Coalesce(Subquery(per_article.annotate(total=Count("pk")).values("total")), 0)

    Article.objects.filter(pk__in=list(article_ids)).update(
        comment_count=count(Comment.objects.filter(status=Status.APPROVED)),
        conversation_count=count(selectors.conversations()),
    )


def comments_changed(*, article_ids: Iterable[int]) -> None:
    """For writes outside these services (the admin's change form, deletes)."""
    comment_counts_refresh(article_ids=article_ids)
    _changed(article_ids)


def _changed(article_ids: Iterable[int]) -> None:
    # After commit: a reader must never get a fresh version key with the old rows.
    ids = list(article_ids)
    transaction.on_commit(lambda: rendering.threads_changed(article_ids=ids))
