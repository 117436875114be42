from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from articles.rendering import render_markdown
from images.models import Image


class Slot(models.TextChoices):
    """Where a placement can run; each maps to one `runs_*` flag on Placement."""

    ARTICLE = "article", "Under a briefing"
    HOME = "home", "Home page, between cards"
    NEWSLETTER = "newsletter", "Newsletter digest"
    TICKER = "ticker", "End of the price strip (text only)"


SLOT_FIELDS = {
    Slot.ARTICLE: "runs_under_briefing",
    Slot.HOME: "runs_on_home",
    Slot.NEWSLETTER: "runs_in_newsletter",
    Slot.TICKER: "runs_in_ticker",
}


def validate_image_size(image):
    limit = settings.SPONSORS_IMAGE_MAX_BYTES
    if image.size > limit:
        raise ValidationError(
            f"This image is {filesizeformat(image.size)}; the limit is {filesizeformat(limit)}."
        )


class PlacementQuerySet(models.QuerySet):
    def running_on(self, day: date):
        """Active placements whose window (both dates included) contains `day`."""
        return self.filter(is_active=True, starts_on__lte=day, ends_on__gte=day).select_related(
            "library_image"
        )


class Placement(models.Model):
    sponsor_name = models.CharField(max_length=80, help_text="Shown next to “Sponsored”.")
    headline = models.CharField(max_length=90)
    text = models.TextField(
        max_length=240, blank=True, help_text="One or two sentences; not shown in the ticker."
    )
    url = models.URLField(
        "link",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The sponsor’s page (http or https). Readers reach it through our click counter.",
    )
    image = models.ImageField(
        upload_to="sponsors/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp"]),
            validate_image_size,
        ],
        help_text="Optional, JPEG, PNG or WebP. Shown at most 320 px wide; not in the ticker.",
    )
    image_alt = models.CharField(
        "image alt text",
        max_length=200,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required with an image.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    library_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="or a library image",
        help_text="An image from the library, in modern formats and sizes; used instead of "
        "an uploaded one on pages (the newsletter keeps the uploaded one).",
    )

    runs_under_briefing = models.BooleanField("under briefings", default=True)
    runs_on_home = models.BooleanField("on the home page", default=True)
    runs_in_newsletter = models.BooleanField("in the newsletter", default=False)
    runs_in_ticker = models.BooleanField(
        "at the end of the price strip",
        default=False,
        help_text="Sponsor name and headline as one text link; wider screens only.",
    )

    starts_on = models.DateField(help_text="First day it runs.")
    ends_on = models.DateField(help_text="Last day it runs (included).")
    weight = models.PositiveSmallIntegerField(
        default=1,
        help_text="When several placements share a slot on a day, one with weight 3 is "
        "chosen three times as often as one with weight 1.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop it at once, whatever the dates."
    )
    # Counted by /sponsors/<id>/go/ with one UPDATE; nothing about the reader is kept.
    clicks = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message="The last day cannot be before the first day.",
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="placement_weight_positive"),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="placement_link_is_http",
                violation_error_message="The link must start with http:// or https://.",
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="placement_image_has_alt_text",
                violation_error_message="Describe the image in its alt text.",
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="placement_window_idx")]

    def __str__(self):
        return f"{self.sponsor_name}: {self.headline}"

    def get_absolute_url(self):
        """The click-counting link every slot uses."""
        return reverse("sponsors:go", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The last day cannot be before the first day."
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for readers who cannot see it."
        if not self.slots:
            errors["runs_under_briefing"] = "Choose at least one place for it to run."
        if errors:
            raise ValidationError(errors)

    @property
    def slots(self) -> list[str]:
        return [slot for slot, field in SLOT_FIELDS.items() if getattr(self, field)]

    def runs_on(self, day: date) -> bool:
        return self.is_active and self.starts_on <= day <= self.ends_on


class AdvertisePage(models.Model):
    """The text of /advertise/: one row, edited in the admin."""

    title = models.CharField(max_length=120)
    intro = models.TextField(help_text="Markdown: who we are and why readers trust us.")
    offer = models.TextField(help_text="Markdown: what can be booked, with prices or ranges.")
    intro_html = models.TextField(editable=False, default="")
    offer_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "advertise page"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="advertise_page_is_single"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.pk = 1
        self.intro_html = render_markdown(self.intro).html
        self.offer_html = render_markdown(self.offer).html
        if (update_fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*update_fields, "intro_html", "offer_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sponsors:advertise")


class Enquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    class Budget(models.TextChoices):
        UNDER_1K = "under-1k", "Under $1,000"
        FROM_1K = "1k-5k", "$1,000 – $5,000"
        FROM_5K = "5k-20k", "$5,000 – $20,000"
        OVER_20K = "over-20k", "Over $20,000"
        UNSURE = "unsure", "Not sure yet"

    name = models.CharField(max_length=100)
    company = models.CharField(max_length=120)
    email = models.EmailField()
    budget = models.CharField(max_length=10, choices=Budget)
    message = models.TextField(max_length=4000)
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.company} ({self.name})"
