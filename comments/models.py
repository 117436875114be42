from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import linebreaks, urlize

from articles.models import Article

BODY_MAX_LENGTH = 5000
# Each level of the materialised path is the comment id, zero-padded, so sorting the paths
# as text puts a thread in reading order (a parent before its replies, oldest first).
PATH_STEP = 12


def render_body(text: str) -> str:
    """Plain text to HTML: everything escaped, bare URLs linked, line breaks kept."""
    html = urlize(text.strip(), nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return linebreaks(html, autoescape=False)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # The comment this one answers; it may sit deeper than where the reply is shown.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254)
    url = models.URLField("website", max_length=200, blank=True)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    is_team = models.BooleanField(
        "from the team", default=False, help_text="Written by a moderator from the site."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    created_at = models.DateTimeField(db_index=True)
    # For moderators only; never rendered on the site.
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    moderation_note = models.CharField(max_length=200, blank=True, editable=False)
    # The author asked to be emailed about replies (sent once the address is confirmed).
    notify = models.BooleanField("email replies", default=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Derived on write, never on read.
    body_html = models.TextField(editable=False, default="")
    path = models.CharField(max_length=PATH_STEP * 12, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        ordering = ["article", "path"]
        indexes = [
            models.Index(fields=["article", "path"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email", "status"], name="comment_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="comment_not_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(email="") & ~Q(body=""),
                name="comment_has_author_and_body",
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        self.body_html = render_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The permalink: it redirects to the page of the thread that holds the comment."""
        return reverse("comments:permalink", args=[self.pk])

    def clean(self):
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.article_id != self.article_id or parent.status != self.Status.APPROVED:
            raise ValidationError(
                {"parent": "You can only reply to a published comment on this briefing."},
                code="invalid_parent",
            )

    @property
    def path_ids(self) -> list[int]:
        return [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]

    @property
    def initials(self) -> str:
        letters = [word[0] for word in self.name.split() if word[:1].isalnum()]
        return "".join(letters[:2]).upper() or "?"

    @property
    def avatar_tone(self) -> int:
        """One of eight colours, stable for a name, so an author is recognisable."""
        return sum(self.name.encode()) % 8


# What readers see, defined once: approved comments, and removed or spam ones as a placeholder
# where replies need their context (`selectors._public`). A change to or from any of these
# statuses changes a thread page.
TOMBSTONE_STATUSES = (Comment.Status.REMOVED, Comment.Status.SPAM)
STATUSES_READERS_SEE = (Comment.Status.APPROVED, *TOMBSTONE_STATUSES)


class DisallowedWord(models.Model):
    """Words that mark a comment as spam, besides COMMENTS_DISALLOWED_WORDS."""

    word = models.CharField(max_length=100, unique=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)


class CommentRevision(models.Model):
    """The text a comment had before its author edited it: for moderators only."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["comment", "-replaced_at"]

    def __str__(self):
        return f"Before {self.replaced_at:%Y-%m-%d %H:%M}: {self.body[:40]}"


class ReplyAddress(models.Model):
    """An address that asked for reply emails: confirmed once, then mailed at most every
    COMMENTS_REPLY_EMAIL_SECONDS, with what arrived meanwhile gathered into one email."""

    email = models.EmailField(max_length=254, unique=True)  # stored lower-cased
    created_at = models.DateTimeField()
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)  # from every reply email
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # Set while a delivery task waits in the queue, so replies join it instead of adding mail.
    delivery_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="reply_address_lower")
        ]

    def __str__(self):
        return self.email


class MutedThread(models.Model):
    """No more reply emails about one briefing's comments for this address."""

    address = models.ForeignKey(ReplyAddress, on_delete=models.CASCADE, related_name="muted")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    muted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address", "article"], name="muted_thread_once")
        ]

    def __str__(self):
        return f"{self.address} muted {self.article_id}"


class PendingReply(models.Model):
    """An approved reply waiting for the next email to its parent's author."""

    address = models.ForeignKey(ReplyAddress, on_delete=models.CASCADE, related_name="pending")
    reply = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField()

    class Meta:
        ordering = ["queued_at"]
        constraints = [
            models.UniqueConstraint(fields=["address", "reply"], name="pending_reply_once")
        ]

    def __str__(self):
        return f"{self.reply_id} for {self.address}"
