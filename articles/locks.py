"""The soft editing notice: "Ana has been editing this since 10:02", like WordPress's.

Nothing is locked: the notice only warns, and the version check (models.EditConflict) is what
keeps a save from overwriting another. Presence rows live in the database so every process
agrees, and expire by themselves: a page load counts for OPEN_MINUTES (long enough for someone
typing without JavaScript), the heartbeat script for HEARTBEAT_MINUTES (a closed tab stops
beating, and the notice goes soon after).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Article, EditingPresence

OPEN_MINUTES = 15
HEARTBEAT_MINUTES = 2
HEARTBEAT_SECONDS = 45  # how often static/js/admin-editing.js beats


@transaction.atomic
def presence_record(
    *, article: Article, user, heartbeat: bool = False, now: datetime | None = None
) -> EditingPresence:
    """`user` has the change form of `article` open (a page load, or a heartbeat from it)."""
    now = now or timezone.now()
    expires_at = now + timedelta(minutes=HEARTBEAT_MINUTES if heartbeat else OPEN_MINUTES)
    presence, created = EditingPresence.objects.select_for_update().get_or_create(
        article=article, user=user, defaults={"since": now, "expires_at": expires_at}
    )
    if not created:
        if presence.expires_at <= now:  # a new sitting, not the one that ended
            presence.since = now
        # A heartbeat may shorten what the page load granted: it proves the tab is open now.
        presence.expires_at = expires_at
        presence.save(update_fields=["since", "expires_at"])
    return presence


def presence_release(*, article: Article, user) -> None:
    """The form was saved or the tab closed."""
    EditingPresence.objects.filter(article=article, user=user).delete()


def others_editing(*, article: Article, user, now: datetime | None = None) -> list[EditingPresence]:
    """Everyone else with the form open now, longest first."""
    now = now or timezone.now()
    return list(
        EditingPresence.objects.filter(article=article, expires_at__gt=now)
        .exclude(user=user)
        .select_related("user")
        .order_by("since")
    )


def presence_notice(presence: EditingPresence) -> str:
    name = presence.user.get_full_name() or presence.user.get_username()
    return f"{name} has been editing this since {timezone.localtime(presence.since):%H:%M}."
