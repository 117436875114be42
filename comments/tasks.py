"""Reply emails, sent by the task worker (`manage.py db_worker`), never during a page view.
A send that fails on the mail server is tried again later (`core.tasks.retry_later`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from core.mail import SEND_ERRORS, absolute_url, compose, group_addresses
from core.tasks import retry_later

from . import links
from .models import Comment, PendingReply, ReplyAddress


@task()
def send_reply_confirmation(address_id: int, attempt: int = 1) -> None:
    address = ReplyAddress.objects.filter(pk=address_id, confirmed_at__isnull=True).first()
    if address is None:
        return
    try:
        compose(
            to=address.email,
            subject=f"Confirm to get replies to your comments on {settings.SITE_NAME}",
            template="comments/email/confirm",
            context={"confirm_url": links.confirm_url(address)},
            unsubscribe_url=links.unsubscribe_url(address),
        ).send()
    except SEND_ERRORS as error:
        retry_later(
            send_reply_confirmation,
            attempt=attempt,
            error=error,
            what=f"Reply confirmation to address {address_id}",
            giving_up="the commenter can ask again by commenting",
            address_id=address_id,
        )


@task()
def send_reply_notifications(address_id: int, attempt: int = 1) -> None:
    """Everything that waited for this address, in one email."""
    try:
        _notifications_send(address_id)
    except SEND_ERRORS as error:
        # Nothing was marked sent: the replies are still pending for this address.
        retry_later(
            send_reply_notifications,
            attempt=attempt,
            error=error,
            what=f"Reply notification to address {address_id}",
            giving_up="the replies wait for the next one to this address",
            address_id=address_id,
        )


def _notifications_send(address_id: int) -> None:
    with transaction.atomic():
        address = ReplyAddress.objects.select_for_update().filter(pk=address_id).first()
        if address is None or address.delivery_due_at is None:
            return
        address.delivery_due_at = None
        rows = list(address.pending.all())
        replies = _pending(address)
        PendingReply.objects.filter(pk__in=[row.pk for row in rows]).delete()
        if not replies or address.unsubscribed_at or address.confirmed_at is None:
            address.save(update_fields=["delivery_due_at"])
            return
        address.last_sent_at = timezone.now()
        address.save(update_fields=["delivery_due_at", "last_sent_at"])
        # Sent inside the transaction: if SMTP fails, nothing is marked sent and the rows stay
        # for the next delivery (notifications.STALE_DELIVERY lets a new reply schedule one).
        _message(address, replies).send()


def _pending(address: ReplyAddress) -> list[Comment]:
    """Still-approved replies, oldest first, each with its parent and briefing."""
    return list(
        Comment.objects.filter(
            pk__in=address.pending.values("reply_id"), status=Comment.Status.APPROVED
        )
        .select_related("parent", "article")
        .order_by("created_at")
    )


def _message(address: ReplyAddress, replies: list[Comment]):
    articles = {reply.article_id: reply.article for reply in replies}
    first = replies[0]
    if len(replies) == 1:
        subject = f"{first.name} replied to your comment on “{first.article.title}”"
    else:
        subject = f"{len(replies)} new replies to your comments on {settings.SITE_NAME}"
    return compose(
        to=address.email,
        subject=subject,
        template="comments/email/replies",
        context={
            "replies": [
                {
                    "comment": reply,
                    "url": absolute_url(reply.get_absolute_url()),
                    "article_url": absolute_url(reply.article.get_absolute_url()),
                }
                for reply in replies
            ],
            "threads": [
                {"article": article, "mute_url": links.unsubscribe_url(address, pk)}
                for pk, article in articles.items()
            ],
        },
        unsubscribe_url=links.unsubscribe_url(address),
    )


@task()
def send_moderators_notice(comment_id: int, attempt: int = 1) -> None:
    """Tell the Moderators group that a comment waits for them (COMMENTS_NOTIFY_MODERATORS)."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return
    recipients = group_addresses("Moderators")
    if not recipients:
        return
    review_url = absolute_url(reverse("admin:comments_comment_change", args=[comment.pk]))
    try:
        send_mail(
            subject=f"[{settings.SITE_NAME}] Comment awaiting moderation on “{comment.article}”",
            message=(
                f"{comment.name} wrote:\n\n{comment.body}\n\n"
                f"Why it was held: {comment.moderation_note or 'moderation policy'}\n"
                f"Review it: {review_url}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except SEND_ERRORS as error:
        retry_later(
            send_moderators_notice,
            attempt=attempt,
            error=error,
            what=f"Moderators' notice of comment {comment_id}",
            giving_up="the comment waits in the moderation queue",
            comment_id=comment_id,
        )
