from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One thing a person did or tried that a newsroom must be able to account for.

    Rows are only ever added: the admin offers no change or delete, and names are copied in so
    that the trail still reads after an account or a briefing is gone.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign-in", "Signed in"
        SIGN_IN_FAILED = "sign-in-failed", "Failed sign-in"
        SIGN_OUT = "sign-out", "Signed out"
        LOCKOUT = "lockout", "Locked out"
        LOCKOUT_LIFTED = "lockout-lifted", "Lockout lifted"
        TWO_FACTOR_ADDED = "2fa-added", "Second factor added"
        TWO_FACTOR_REMOVED = "2fa-removed", "Second factor removed"
        TWO_FACTOR_PASSED = "2fa-passed", "Second factor passed"
        TWO_FACTOR_FAILED = "2fa-failed", "Second factor failed"
        SUBMIT = "submit", "Submitted for review"
        SEND_BACK = "send-back", "Sent back to the writer"
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Unpublished"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"
        PREVIEW_CREATED = "preview-created", "Preview link made"
        PREVIEW_REVOKED = "preview-revoked", "Preview link revoked"
        GROUPS_CHANGED = "groups", "Groups changed"
        PERMISSIONS_CHANGED = "permissions", "Permissions changed"

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="who",
    )
    actor_name = models.CharField("who", max_length=150, blank=True)
    ip = models.GenericIPAddressField("address", null=True, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField("what", max_length=300, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit event"
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self):
        who = self.actor_name or "someone"
        return f"{self.at:%Y-%m-%d %H:%M} {who}: {self.get_action_display()} {self.target_repr}"


class Lockout(AccessAttempt):
    """django-axes' counted failures, listed in the admin as the lockouts they cause."""

    class Meta:
        proxy = True
        verbose_name = "lockout"
