"""Work the task worker (`manage.py db_worker`) does: every newsletter email is sent here."""

import smtplib

from django.utils import timezone
from django_tasks import task

from .emails import confirmation_message, digest_message
from .models import Digest, Subscriber
from .sending import deliveries_send, is_permanent, retry_delay

CONFIRMATION_ATTEMPTS = 5


# A reader waiting for a confirmation link goes before the thousands of digests in the queue.
@task(priority=10)
def confirmation_send(subscriber_id: int, attempt: int = 1) -> str:
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return "not pending any more"
    try:
        confirmation_message(subscriber=subscriber).send()
    except (smtplib.SMTPException, OSError) as error:
        if is_permanent(error) or attempt >= CONFIRMATION_ATTEMPTS:
            raise
        run_after = timezone.now() + retry_delay(attempt)
        confirmation_send.using(run_after=run_after).enqueue(subscriber_id, attempt + 1)
        return f"retry at {run_after:%H:%M:%S}: {error}"
    return "sent"


@task()
def digest_deliver(digest_id: int) -> dict:
    counts, again_at = deliveries_send(digest_id=digest_id)
    if again_at is not None:
        digest_deliver.using(run_after=again_at).enqueue(digest_id)
    return counts


@task()
def digest_send_test(digest_id: int, to: str) -> str:
    """An editor's test copy: real links are swapped for dead ones (no subscriber behind them)."""
    digest = Digest.objects.get(pk=digest_id)
    digest_message(digest=digest, subscriber=Subscriber(email=to, key="test-copy")).send()
    return "sent"
