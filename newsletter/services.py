"""What changes subscribers and digests: the views, the admin and `send_digest` call these."""

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article
from core.mail import absolute_url

from .models import Delivery, Digest, Subscriber
from .selectors import digest_prices
from .sending import deliveries_settle
from .tasks import confirmation_send, digest_deliver

# --- Subscribers ------------------------------------------------------------------------------


def subscriber_subscribe(*, email: str, ip: str | None, page: str, now: datetime) -> None:
    """Ask `email` to confirm, at most once per NEWSLETTER_RESEND_MINUTES.

    Says nothing back on purpose: the signup answer is the same whoever the address belongs to.
    """

    email = email.strip().lower()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            subscriber = Subscriber(email=email)
        elif subscriber.status == Subscriber.Status.CONFIRMED:
            return
        resend_after = timedelta(minutes=settings.NEWSLETTER_RESEND_MINUTES)
        sent_at = subscriber.confirmation_sent_at
        if sent_at and now - sent_at < resend_after:
            return
        subscriber.status = Subscriber.Status.PENDING
        subscriber.consent_at = now
        subscriber.consent_ip = ip
        subscriber.consent_page = page[:500]
        subscriber.confirmation_sent_at = now
        # Uniqueness and the check constraints are the database's: one round trip, not four.
        subscriber.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:
            return  # the same address, signed up at the same instant by another request
        confirmation_send.enqueue(subscriber.pk)


def subscriber_confirm(*, subscriber: Subscriber, now: datetime) -> Subscriber:
    """Double opt-in's second step; a repeated click changes nothing."""
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.hard_bounces = 0
        subscriber.full_clean()
        subscriber.save(update_fields=["status", "confirmed_at", "hard_bounces"])
    return subscriber


def subscriber_resubscribe(
    *, subscriber: Subscriber, ip: str | None, page: str, now: datetime
) -> Subscriber:
    """Back on the list from a signed link: the link proves the address is theirs."""
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = now
    subscriber.consent_at = now
    subscriber.consent_ip = ip
    subscriber.consent_page = page[:500]
    subscriber.unsubscribed_at = None
    subscriber.hard_bounces = 0
    subscriber.full_clean()
    subscriber.save()
    return subscriber


def subscriber_set_frequency(*, subscriber: Subscriber, frequency: str) -> Subscriber:
    subscriber.frequency = frequency
    subscriber.full_clean()
    subscriber.save(update_fields=["frequency"])
    return subscriber


def subscribers_unsubscribe(*, subscribers: Iterable[Subscriber] | None = None, queryset=None, now):
    """Unsubscribe one or many (the admin's bulk action); returns how many changed."""
    queryset = (
        queryset
        if queryset is not None
        else Subscriber.objects.filter(pk__in=[s.pk for s in subscribers or ()])
    )
    return queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
    )


def subscriber_unsubscribe(*, subscriber: Subscriber, now: datetime) -> Subscriber:
    subscribers_unsubscribe(subscribers=[subscriber], now=now)
    subscriber.refresh_from_db()
    return subscriber


def subscriber_delete(*, subscriber: Subscriber) -> None:
    """Forget the address; deliveries keep their counts without it."""
    subscriber.delete()


# --- Digests ----------------------------------------------------------------------------------

PERIODS = {Subscriber.Frequency.DAILY: timedelta(days=1), Subscriber.Frequency.WEEKLY: timedelta(7)}


def frequencies_due(*, on: date) -> list[str]:
    """Daily every day; weekly on NEWSLETTER_WEEKLY_WEEKDAY (0 = Monday)."""
    due = [Subscriber.Frequency.DAILY]
    if on.weekday() == settings.NEWSLETTER_WEEKLY_WEEKDAY:
        due.append(Subscriber.Frequency.WEEKLY)
    return due


def digest_compose(*, frequency: str, now: datetime) -> Digest | None:
    """Today's digest of briefings published since the previous one; None when there are none.

    Its content (briefings, prices, disclaimer, sponsor) is frozen here, so every subscriber
    gets the same issue and the admin previews exactly what is sent.
    """
    issue_date = timezone.localdate(now)
    previous = (
        Digest.objects.filter(frequency=frequency, issue_date__lt=issue_date)
        .order_by("-issue_date")
        .first()
    )
    start = previous.period_end if previous else now - PERIODS[frequency]
    articles = list(
        Article.objects.published()
        .filter(publish_at__gt=start, publish_at__lte=now)
        .select_related("section")
        .only("title", "slug", "summary", "reading_minutes", "publish_at", "section__name")
        .order_by("-publish_at", "-id")
    )
    if not articles:
        return None

    content = {
        "articles": [
            {
                "title": article.title,
                "summary": article.summary,
                "section": article.section.name,
                "reading_minutes": article.reading_minutes,
                "url": absolute_url(article.get_absolute_url()),
            }
            for article in articles
        ],
        "prices": digest_prices(),
        "disclaimer": settings.SITE_DISCLAIMER,
    }
    label = "weekly" if frequency == Subscriber.Frequency.WEEKLY else "daily"
    more = f" (+{len(articles) - 1} more)" if len(articles) > 1 else ""
    digest = Digest(
        frequency=frequency,
        issue_date=issue_date,
        subject=f"{settings.SITE_NAME} {label}: {articles[0].title}{more}"[:150],
        period_start=start,
        period_end=now,
        content=content,
        created_at=now,
    )
    sponsor_context = {"digest": digest, "SITE_URL": settings.SITE_URL}
    digest.sponsor_html = render_to_string("newsletter/email/sponsor.html", sponsor_context).strip()
    digest.sponsor_text = render_to_string("newsletter/email/sponsor.txt", sponsor_context).strip()
    digest.full_clean()
    digest.save()
    return digest


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def digest_queue(
    *, digest: Digest, now: datetime, progress: Callable[[int, int], None] | None = None
) -> int:
    """One delivery per confirmed subscriber of the digest's frequency, then senders enqueued.

    Subscribers are streamed from a server-side cursor and inserted in chunks, so memory stays
    flat at any list size. Returns how many deliveries were queued (0 if it already was).
    """

    chunk_size = settings.NEWSLETTER_QUEUE_CHUNK
    with transaction.atomic():
        digest = Digest.objects.select_for_update().get(pk=digest.pk)
        if digest.status != Digest.Status.DRAFT:
            return 0
        audience = (
            Subscriber.objects.confirmed()
            .filter(frequency=digest.frequency)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        total = audience.count()
        done = 0
        for chunk in _chunks(audience.iterator(chunk_size=chunk_size), chunk_size):
            Delivery.objects.bulk_create(
                [Delivery(digest_id=digest.pk, subscriber_id=pk) for pk in chunk],
                ignore_conflicts=True,
            )
            done += len(chunk)
            if progress:
                progress(done, total)
        digest.status = Digest.Status.SENDING
        digest.queued_at = now
        digest.save(update_fields=["status", "queued_at"])
        senders = min(settings.NEWSLETTER_SENDERS, -(-total // settings.NEWSLETTER_BATCH_SIZE))
        for _ in range(senders):
            digest_deliver.enqueue(digest.pk)
        # A watchdog for workers killed mid-batch: it takes over their rows once leases pass,
        # and each sender re-enqueues one while anything is left.
        watchdog = now + timedelta(seconds=settings.NEWSLETTER_CLAIM_SECONDS + 1)
        digest_deliver.using(run_after=watchdog).enqueue(digest.pk)
    return total


def digest_resume(*, digest: Digest, now: datetime) -> int:
    """Enqueue a sender for what is left of a digest (after a worker died); returns how many."""

    deliveries_settle(digest=digest, now=now)
    queued = Delivery.objects.filter(digest=digest, state=Delivery.State.QUEUED).count()
    if queued:
        digest_deliver.enqueue(digest.pk)
    return queued
