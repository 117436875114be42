"""Reply emails: only to the person answered, only when they asked, only once they proved
the address is theirs, and at most one email per address every COMMENTS_REPLY_EMAIL_SECONDS.

An approved reply becomes a PendingReply row for its parent's address; one delivery task per
address waits until the address may be mailed again and sends everything pending in one email.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import Comment, MutedThread, PendingReply, ReplyAddress

# A delivery still marked due this long after its time failed (SMTP down): schedule another.
STALE_DELIVERY = timedelta(hours=1)


def replies_approved(*, replies: Iterable[Comment], now: datetime | None = None) -> int:
    """Queue an email to each answered author who asked for one; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for reply in replies:
        parent = reply.parent
        if parent is None or not parent.notify:
            continue
        if parent.email.lower() == reply.email.lower():
            continue  # replying to oneself
        queued += _queue(reply=reply, email=parent.email.lower(), now=now)
    return queued


def _queue(*, reply: Comment, email: str, now: datetime) -> int:

    address, _ = ReplyAddress.objects.get_or_create(email=email, defaults={"created_at": now})
    address = ReplyAddress.objects.select_for_update().get(pk=address.pk)
    if address.unsubscribed_at or address.muted.filter(article_id=reply.article_id).exists():
        return 0
    PendingReply.objects.get_or_create(address=address, reply=reply, defaults={"queued_at": now})
    if address.confirmed_at is None:
        if address.confirmation_sent_at is None:  # one confirmation, ever
            address.confirmation_sent_at = now
            address.save(update_fields=["confirmation_sent_at"])
            transaction.on_commit(lambda: tasks.send_reply_confirmation.enqueue(address.pk))
        return 1
    _schedule_delivery(address, now=now)
    return 1


def _schedule_delivery(address: ReplyAddress, *, now: datetime) -> None:

    if address.delivery_due_at is not None and address.delivery_due_at > now - STALE_DELIVERY:
        return  # a delivery is already waiting: this reply joins it
    interval = timedelta(seconds=settings.COMMENTS_REPLY_EMAIL_SECONDS)
    due = max(now, address.last_sent_at + interval) if address.last_sent_at else now
    address.delivery_due_at = due
    address.save(update_fields=["delivery_due_at"])
    transaction.on_commit(
        lambda: tasks.send_reply_notifications.using(run_after=due).enqueue(address.pk)
    )


@transaction.atomic
def reply_address_confirm(*, address: ReplyAddress, now: datetime | None = None) -> None:
    """The address is the reader's: send what waited, and later replies too."""
    now = now or timezone.now()
    address = ReplyAddress.objects.select_for_update().get(pk=address.pk)
    if address.confirmed_at is None:
        address.confirmed_at = now
    address.unsubscribed_at = None
    address.save(update_fields=["confirmed_at", "unsubscribed_at"])
    if address.pending.exists():
        _schedule_delivery(address, now=now)


@transaction.atomic
def reply_address_unsubscribe(
    *, address: ReplyAddress, article_id: int | None, now: datetime | None = None
) -> None:
    """Stop reply emails about one briefing (`article_id`) or about everything."""
    now = now or timezone.now()
    if article_id is None:
        ReplyAddress.objects.filter(pk=address.pk).update(unsubscribed_at=now)
        PendingReply.objects.filter(address=address).delete()
    else:
        MutedThread.objects.get_or_create(
            address=address, article_id=article_id, defaults={"muted_at": now}
        )
        PendingReply.objects.filter(address=address, reply__article_id=article_id).delete()
