import secrets

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Once a week"

    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    frequency = models.CharField(max_length=6, choices=Frequency, default=Frequency.DAILY)
    # Signed into every link the subscriber gets; deleting the row makes them all dead.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Consent: when and where the address was typed in, and when its owner confirmed.
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_ip = models.GenericIPAddressField("consent IP", null=True, blank=True)
    consent_page = models.CharField(max_length=500, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    hard_bounces = models.PositiveSmallIntegerField(default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "frequency"], name="subscriber_audience_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="subscriber_email_lowercase",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_subscriber_has_confirmed_at",
            ),
        ]

    def __str__(self):
        return self.email


class DigestQuerySet(models.QuerySet):
    def with_progress(self):
        """Queued / sent / failed delivery counts in the same query."""
        return self.annotate(
            queued_count=Count(
                "deliveries",
                filter=Q(deliveries__state__in=[Delivery.State.QUEUED, Delivery.State.SENDING]),
            ),
            sent_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED)),
        )


class Digest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"

    frequency = models.CharField(max_length=6, choices=Subscriber.Frequency)
    issue_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status, default=Status.DRAFT)
    subject = models.CharField(max_length=150)
    intro = models.TextField(
        "editor's intro", blank=True, help_text="Optional: a few plain-text lines at the top."
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    # Frozen when composed: what every subscriber gets, whatever changes on the site later.
    content = models.JSONField(editable=False, default=dict)
    sponsor_html = models.TextField(editable=False, blank=True)
    sponsor_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["frequency", "issue_date"], name="one_digest_a_day"),
            models.CheckConstraint(
                condition=Q(period_start__lt=models.F("period_end")),
                name="digest_period_is_forward",
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} · {self.issue_date:%-d %b %Y}: {self.subject}"

    @property
    def articles(self) -> list[dict]:
        return self.content.get("articles", [])


class Delivery(models.Model):
    """One digest to one subscriber: the unit of work the task workers claim and send."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    # Kept when the subscriber is deleted (their address goes; the count stays).
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    state = models.CharField(max_length=8, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # A worker's claim on a queued delivery; another may take it once this has passed.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["digest", "subscriber"], name="one_delivery_each"),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="sent_delivery_has_sent_at",
            ),
        ]
        indexes = [models.Index(fields=["digest", "state"], name="delivery_work_idx")]

    def __str__(self):
        return f"{self.digest} → {self.subscriber or 'deleted subscriber'}: {self.state}"
