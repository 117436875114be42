"""Sending a digest: what the `digest_deliver` task does in the worker.

The delivery row, not the task, is the unit of work. A sender claims a batch of queued rows
(`SELECT … FOR UPDATE SKIP LOCKED`, so senders never share one) with a lease, opens one SMTP
connection for the batch, and for each row commits `sending` before talking to SMTP and `sent`
right after. A worker killed mid-batch leaves its unsent rows queued; once the lease passes any
sender takes them. The one row it was sending stays `sending` and is never sent again.
"""

import contextlib
import logging
import smtplib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.mail import SEND_ERRORS, is_permanent

from .emails import digest_message
from .models import Delivery, Digest, Subscriber

logger = logging.getLogger(__name__)


class TransientError(Exception):
    pass


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.NEWSLETTER_RETRY_SECONDS * 2 ** (attempts - 1))


def deliveries_claim(*, digest: Digest, now: datetime, limit: int) -> list[Delivery]:
    ready = (
        Q(state=Delivery.State.QUEUED)
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(ready, digest=digest)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        lease = now + timedelta(seconds=settings.NEWSLETTER_CLAIM_SECONDS)
        Delivery.objects.filter(pk__in=ids).update(claimed_until=lease)
    return list(Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk"))


def deliveries_settle(*, digest: Digest, now: datetime) -> int:
    """Rows a dead worker was sending when it stopped: failed, since they may have gone out."""
    return Delivery.objects.filter(
        digest=digest, state=Delivery.State.SENDING, claimed_until__lt=now
    ).update(
        state=Delivery.State.FAILED,
        claimed_until=None,
        last_error="The worker stopped while sending; not sent again to avoid a duplicate.",
    )


def deliveries_send(*, digest_id: int) -> tuple[dict, datetime | None]:
    """Send the digest's queued deliveries, batch after batch, until none is ready.

    Returns the counts and when a sender should come back for what is still queued (None: done).
    """
    digest = Digest.objects.get(pk=digest_id)
    deliveries_settle(digest=digest, now=timezone.now())
    worker = uuid.uuid4().hex[:8]
    counts = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    batches = 0
    while batch := deliveries_claim(
        digest=digest, now=timezone.now(), limit=settings.NEWSLETTER_BATCH_SIZE
    ):
        logger.debug("sender %s claimed %d deliveries of %s", worker, len(batch), digest)
        if not _send_batch(digest, batch, counts):
            break
        batches += 1
        full = len(batch) == settings.NEWSLETTER_BATCH_SIZE
        if full and batches >= settings.NEWSLETTER_BATCHES_PER_TASK:
            # Short tasks: a worker asked to stop finishes soon, and other emails get a turn.
            return _done(digest, counts), timezone.now()
    # Anything still queued waits for a retry time or another sender's lease: come back then.
    ready_at = Greatest(
        Coalesce("claimed_until", "next_attempt_at"), Coalesce("next_attempt_at", "claimed_until")
    )
    waiting = Delivery.objects.filter(digest=digest, state=Delivery.State.QUEUED)
    if earliest := waiting.aggregate(at=Min(ready_at))["at"] or (
        waiting.exists() and timezone.now()
    ):
        return _done(digest, counts), max(earliest, timezone.now() + timedelta(seconds=1))
    return _done(digest, counts), None


def _done(digest: Digest, counts: dict) -> dict:
    logger.info("Digest %s: %s", digest.pk, ", ".join(f"{n} {k}" for k, n in counts.items()))
    return counts


def _send_batch(digest: Digest, batch: list[Delivery], counts: dict) -> bool:
    """One SMTP connection for the batch; False when the mail server is unreachable."""
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except OSError as error:
        _release(batch, error)
        counts["retry"] += len(batch)
        return False
    try:
        for position, delivery in enumerate(batch):
            try:
                outcome = _send_one(connection, digest, delivery)
            except TransientError as error:
                _release(batch[position + 1 :], error)
                counts["retry"] += len(batch) - position
                return False
            counts[outcome] += 1
    finally:
        with contextlib.suppress(OSError):  # a server that hangs up first is no news
            connection.close()
    return True


def _send_one(connection, digest: Digest, delivery: Delivery) -> str:
    subscriber = delivery.subscriber
    if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.SKIPPED, claimed_until=None
        )
        return "skipped"
    # Committed before SMTP hears of it: if this process dies now, nobody sends it again.
    taken = Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.QUEUED).update(
        state=Delivery.State.SENDING, attempts=F("attempts") + 1
    )
    if not taken:
        return "skipped"
    attempts = delivery.attempts + 1
    message = digest_message(digest=digest, subscriber=subscriber, delivery_id=delivery.pk)
    message.connection = connection
    try:
        message.send()
    except SEND_ERRORS as error:
        reason = f"{type(error).__name__}: {error}"[:500]
        if is_permanent(error):
            _fail(delivery, subscriber, reason)
            return "failed"
        if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.FAILED, last_error=reason, claimed_until=None
            )
            return "failed"
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.QUEUED,
            last_error=reason,
            claimed_until=None,
            next_attempt_at=timezone.now() + retry_delay(attempts),
        )
        if isinstance(error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
            return "retry"  # the server answered: the connection still works
        raise TransientError(reason) from error
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), last_error="", claimed_until=None
    )
    return "sent"


def _fail(delivery: Delivery, subscriber: Subscriber, reason: str) -> None:
    """A permanent refusal; the third one makes the subscriber `bounced`."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.FAILED, last_error=reason, claimed_until=None
        )
        Subscriber.objects.filter(pk=subscriber.pk).update(hard_bounces=F("hard_bounces") + 1)
        Subscriber.objects.filter(
            pk=subscriber.pk,
            status=Subscriber.Status.CONFIRMED,
            hard_bounces__gte=settings.NEWSLETTER_HARD_BOUNCES,
        ).update(status=Subscriber.Status.BOUNCED)


def _release(deliveries: list[Delivery], error: Exception) -> None:
    """Give unsent rows back, to be retried after a pause (the mail server is in trouble)."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], state=Delivery.State.QUEUED).update(
        claimed_until=None,
        next_attempt_at=timezone.now() + retry_delay(1),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )
