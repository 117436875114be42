import hashlib

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from images.models import Image

from .rendering import render_markdown
from .search import search_vectors_refresh


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation by this number."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what readers may see."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__lte=timezone.now(), trashed_at__isnull=True
        )

    def scheduled(self):
        """Published by an editor, waiting for its publish time."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now(), trashed_at__isnull=True
        )

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.REVIEW, trashed_at__isnull=True)

    def not_trashed(self):
        return self.filter(trashed_at__isnull=True)

    def in_trash(self):
        return self.filter(trashed_at__isnull=False)

    def with_related(self):
        """Section, author and tags in a constant number of queries, however many rows."""
        return (
            self.select_related("section", "author")
            .prefetch_related("tags")
            .defer("search_vector")  # read only by the database
        )

    def for_listing(self):
        return self.with_related().defer("body", "body_html", "toc")

    def month_counts(self):
        """One row per month that has briefings, newest first: {"month", "count"}."""
        return (
            self.annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )

    def related_to(self, article, *, limit=4):
        """Briefings sharing the most tags with `article`, newest first on ties: one query.
        Sponsored briefings are never recommended as editorial reading.

        Reads `article.tags.all()`, which the detail view has already prefetched.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.exclude(pk=article.pk)
            .filter(is_sponsored=False)
            .filter(tags__in=tag_ids)
            .annotate(shared_tags=Count("tags"))
            .select_related("section")
            .only("title", "slug", "publish_at", "section__name", "section__slug")
            .order_by("-shared_tags", "-publish_at", "-id")[:limit]
        )


class EditConflict(Exception):
    """A save based on an outdated copy: someone saved the briefing since it was loaded."""

    def __init__(self, article):
        super().__init__(f"“{article}” was changed by someone else since it was loaded.")
        self.article = article


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=500, help_text="The dek: one or two sentences shown in lists and previews."
    )
    body = models.TextField(help_text="Markdown. Use ## headings for sections.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(through=TaggedArticle, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    # From the image library (images app): renditions, focal point, credit and caption live there.
    lead_image = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, blank=True, related_name="lead_of"
    )
    lead_image_alt = models.CharField(
        "lead image alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows here; empty uses the library's alt text.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # Empty on a draft whose editor has not chosen a time: publishing stamps it then.
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "Leave empty to publish with the time you publish it. "
            "A time in the future schedules the briefing: it appears by itself then."
        ),
    )
    is_sponsored = models.BooleanField(
        "sponsored", default=False, help_text="Shows a “Sponsored” label on the briefing."
    )
    sponsor_name = models.CharField(max_length=120, blank=True)
    comments_enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every save is `UPDATE … WHERE id = %s AND version = %s`, setting
    # version + 1; a save from an outdated copy matches no row and raises EditConflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The editor's note when a briefing is sent back to its writer (services.article_save).
    review_note = models.TextField(blank=True, editable=False)
    review_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Soft delete: a trashed briefing is off every public page, keeps its tags and comments,
    # and can be restored from the trash; only there can it be deleted for good.
    trashed_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Derived on save, never on read.
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    # Kept current by the comments app, so listings show counts without a query per briefing,
    # and the thread's pager knows its pages without counting conversations on every render.
    comment_count = models.PositiveIntegerField(editable=False, default=0)
    conversation_count = models.PositiveIntegerField(editable=False, default=0)
    # Weighted title A, summary B, tags C, body D; PostgreSQL only (articles/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    # The 1200 × 630 og:image, made by the task worker (articles/tasks.py) from what
    # `share_card_source` digests; a static card stands in until it exists.
    share_card = models.CharField(max_length=200, editable=False, default="")
    share_card_source = models.CharField(max_length=64, editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish briefings"),
            ("edit_any_article", "Can edit briefings other people wrote"),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_visible_idx"),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"]) | Q(publish_at__isnull=False),
                name="published_article_has_publish_time",
                violation_error_message="A published briefing needs a publish time.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200]
        rendered = self.rendered_from_body()
        for name, value in rendered.items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, *rendered}
        super().save(*args, **kwargs)
        search_vectors_refresh(Article.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # The version is checked in the UPDATE itself, never read first: no race slips through.
        version_field = self._meta.get_field("version")
        values = [row for row in values if row[0] is not version_field]
        values.append((version_field, None, self.version + 1))
        updated = super()._do_update(
            base_qs.filter(version=self.version), using, pk_val, values, update_fields, True
        )
        if not updated:
            if base_qs.filter(pk=pk_val).exists():
                raise EditConflict(self)
            return False
        self.version += 1
        return True

    def rendered_from_body(self) -> dict:
        """The fields derived from `body`, by name: what a save stores beside it."""
        rendered = render_markdown(self.body)
        return {
            "body_html": rendered.html,
            "toc": rendered.toc,
            "word_count": rendered.word_count,
            "reading_minutes": rendered.reading_minutes,
        }

    @property
    def lead_alt(self) -> str:
        """The lead image's alt text on this page: the briefing's own, else the library's."""
        return self.lead_image_alt.strip() or (self.lead_image.alt if self.lead_image else "")

    def share_card_digest(self, *, site_name: str) -> str:
        """What the share card is drawn from; a new value means a new card."""
        image = self.lead_image
        parts = (
            [image.content_hash, f"{image.focal_x:.3f}", f"{image.focal_y:.3f}"]
            if image
            else [self.title, self.section.name, site_name]
        )
        return hashlib.sha256("\x1f".join(["card-v1", *parts]).encode()).hexdigest()

    @property
    def is_published(self) -> bool:
        """Mirrors ArticleQuerySet.published() for one instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= timezone.now()
            and self.trashed_at is None
        )

    @property
    def is_scheduled(self) -> bool:
        """Mirrors ArticleQuerySet.scheduled() for one instance."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at > timezone.now()
            and self.trashed_at is None
        )

    @property
    def is_trashed(self) -> bool:
        return self.trashed_at is not None

    @property
    def state_label(self) -> str:
        if self.trashed_at is not None:
            return "In the trash"
        if self.status != self.Status.PUBLISHED:
            return self.get_status_display()
        return "Scheduled" if self.is_scheduled else "Published"

    # Who may do what: the services check these, whatever the form showed.

    def can_be_published_by(self, user) -> bool:
        return user.has_perm("articles.publish_article")

    def can_be_edited_by(self, user) -> bool:
        """Editors edit any briefing; a writer only their own, and only while it is a draft."""
        if not user.has_perm("articles.change_article") or self.trashed_at is not None:
            return False
        if user.has_perm("articles.edit_any_article"):
            return True
        return self.author_id == user.pk and self.status == self.Status.DRAFT

    @property
    def was_updated(self) -> bool:
        """Worth showing an "Updated" date: edited more than an hour after it went out
        (or after it was written, for briefings entered with a publish time in the past)."""
        if self.publish_at is None:
            return False
        return (self.updated_at - max(self.publish_at, self.created_at)).total_seconds() > 3600


class TrashedArticle(Article):
    """The trash, as its own admin list (articles/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = "briefing in the trash"
        verbose_name_plural = "briefings in the trash"


class ArticleInReview(Article):
    """The review queue, as its own admin list (articles/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = "briefing in review"
        verbose_name_plural = "briefings in review"


class EditingPresence(models.Model):
    """Who has a briefing's change form open: the soft "Ana has been editing this" notice.

    Kept in the database so every process agrees; each row expires by itself.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_editor")
        ]

    def __str__(self):
        return f"{self.user} editing {self.article_id} since {self.since:%H:%M}"


class AuthorProfile(models.Model):
    """What a byline links to: the public face of a staff account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    bio = models.TextField(
        max_length=600, blank=True, help_text="Two or three sentences shown on the author page."
    )

    class Meta:
        verbose_name = "author profile"

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self):
        return self.user.get_absolute_url()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Links that still open their briefing: not revoked, not expired, not in the trash."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            article__trashed_at__isnull=True,
        )


class PreviewLink(models.Model):
    """A link that shows an unpublished briefing to someone without an account.

    Only a hash of the token is stored: the address is shown once, when the link is made, and
    a copy of the database opens nothing.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        "for", max_length=100, blank=True, help_text="Who it is for, e.g. “our lawyer”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="preview_link_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"Preview of “{self.article}”" + (f" for {self.label}" if self.label else "")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def state(self, *, now=None) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        return "Active" if self.expires_at > (now or timezone.now()) else "Expired"
