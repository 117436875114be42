"""Work the task worker (`manage.py db_worker`) does: every newsletter email is sent here."""

from django_tasks import task

from core.mail import SEND_ERRORS
from core.tasks import retry_later

from .emails import confirmation_message, digest_message
from .models import Digest, Subscriber
from .sending import deliveries_send


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
    except SEND_ERRORS as error:
        retried = retry_later(
            confirmation_send,
            attempt=attempt,
            error=error,
            what=f"Confirmation email to subscriber {subscriber_id}",
            giving_up="the reader can sign up again",
            subscriber_id=subscriber_id,
        )
        return f"{'trying again' if retried else 'given up'}: {error}"
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
