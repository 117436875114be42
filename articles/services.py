"""Writes that touch more than one model or carry a rule: used by the admin, commands and demo
seeding.

Every change to a briefing goes through `article_save` (or one of the small functions built on
it), which checks who may do it, saves with the version check (models.EditConflict), records
a revision (articles/history.py) and the audit trail in one transaction. Saves purge the cached
pages through the post_save signal (articles/signals.py). Nothing here uses `update()`,
which reversion would not see.
"""

import secrets
from contextlib import contextmanager
from datetime import datetime, timedelta

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from images.models import Image
from staff.audit import audit_record
from staff.models import AuditEvent

from . import history, tasks
from .models import Article, PreviewLink

User = get_user_model()
Status = Article.Status


@transaction.atomic
def editor_ensure(*, username: str, password: str | None = None, **names) -> tuple[User, bool]:
    """Return a staff user in the Editors group, creating it (with `password`) if missing."""
    return staff_ensure(username=username, group="Editors", password=password, **names)


@transaction.atomic
def staff_ensure(
    *, username: str, group: str, password: str | None = None, **names
) -> tuple[User, bool]:
    """Return a staff user in `group` (Writers, Editors…), creating it if missing."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, **names}
    )
    if created:
        # Bylines need accounts; only accounts given a password can log in.
        user.set_password(password) if password else user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))
    return user, created


@contextmanager
def article_revision(*, user=None, comment: str = ""):
    """One transaction and one revision; nested blocks join the outer one (the admin's)."""
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def _stored(article: Article) -> Article | None:
    """The row as the database has it now, for the permission checks (not for the save)."""
    if article.pk is None:
        return None
    return (
        Article.objects.filter(pk=article.pk)
        .only("status", "author_id", "publish_at", "trashed_at", "version")
        .first()
    )


def _check_edit(*, article: Article, stored: Article | None, user) -> None:
    if user is None:  # commands and demo seeding
        return
    if stored is None:
        if not user.has_perm("articles.add_article"):
            raise PermissionDenied("You cannot write briefings.")
        if article.author_id != user.pk and not user.has_perm("articles.edit_any_article"):
            raise PermissionDenied("Writers write briefings under their own name.")
        return
    if not stored.can_be_edited_by(user):
        raise PermissionDenied("You cannot edit this briefing.")
    if article.author_id != stored.author_id and not user.has_perm("articles.edit_any_article"):
        raise PermissionDenied("Only editors change a briefing's author.")


def _audit(action, *, article, user, request, detail=""):
    audit_record(action=action, actor=user, request=request, target=article, detail=detail)


def article_save(
    *,
    article: Article,
    user=None,
    status: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
    comment: str = "",
    request=None,
) -> Article:
    """Save `article` (a changed instance) and move it to `status` if given.

    `user` None means the site itself (commands, demo content): no permission check. Writers may
    only save their own drafts and submit them; publishing, scheduling, unpublishing and sending
    back need `articles.publish_article`. A `note` sends the briefing back to its writer, which
    only a briefing in review can be. Raises PermissionDenied, ValidationError, or
    EditConflict when `article.version` is no longer the stored one. `request` only gives the
    audit trail its address.
    """
    now = now or timezone.now()
    with article_revision(user=user, comment=comment):
        stored = _stored(article)
        _check_edit(article=article, stored=stored, user=user)
        before = stored.status if stored else Status.DRAFT
        after = status or before
        if note is not None and before != Status.REVIEW:
            raise PermissionDenied("Only a briefing in review can be sent back.")
        can_publish = user is None or article.can_be_published_by(user)
        before_publish_at = stored.publish_at if stored else None
        if not can_publish:
            if Status.PUBLISHED in {before, after}:
                raise PermissionDenied("Only editors publish, schedule or unpublish briefings.")
            if article.publish_at != before_publish_at:
                raise PermissionDenied("Only editors set a briefing's publish time.")
            if before == Status.REVIEW and after == Status.DRAFT:
                raise PermissionDenied("Only editors send briefings back.")

        article.status = after
        action, detail = None, ""
        if after == Status.PUBLISHED:
            # A publish time never set "floats": it becomes the moment of publishing, as
            # WordPress does; a time the editor chose (past or future) is kept.
            if article.publish_at is None:
                article.publish_at = now
            if before != Status.PUBLISHED:
                action = AuditEvent.Action.PUBLISH
                if article.publish_at > now:
                    detail = f"scheduled for {article.publish_at.isoformat()}"
        elif before == Status.PUBLISHED:
            action = AuditEvent.Action.UNPUBLISH
        elif after == Status.REVIEW and before != Status.REVIEW:
            action = AuditEvent.Action.SUBMIT
            article.submitted_at = now
            article.review_note = ""  # answered by this submission
        elif after == Status.DRAFT and before == Status.REVIEW:
            action, detail = AuditEvent.Action.SEND_BACK, note or ""
            article.review_note = note or ""
            article.review_note_by = user
            article.review_note_at = now
        if action is not None and not comment:
            reversion.set_comment(AuditEvent.Action(action).label)
        elif not reversion.get_comment():
            reversion.set_comment("Saved")

        article.full_clean()
        article.save()
        history.revision_include(article)
        if action is not None:
            _audit(action, article=article, user=user, request=request, detail=detail)
        if action == AuditEvent.Action.SUBMIT:
            pk = article.pk
            transaction.on_commit(lambda: tasks.send_review_request.enqueue(pk))
    return article


def article_publish(
    *, article: Article, user=None, now: datetime | None = None, request=None
) -> Article:
    """Publish `article` (or schedule it, with a publish time in the future)."""
    return article_save(
        article=article, user=user, status=Status.PUBLISHED, now=now, request=request
    )


def article_unpublish(*, article: Article, user=None, request=None) -> Article:
    """Back to draft. The publish time stays: publishing again keeps the date it went out."""
    return article_save(article=article, user=user, status=Status.DRAFT, request=request)


def article_submit(*, article: Article, user, request=None) -> Article:
    """A writer hands a draft to the editors; they get an email through the task worker."""
    return article_save(article=article, user=user, status=Status.REVIEW, request=request)


def article_send_back(*, article: Article, user, note: str, request=None) -> Article:
    """An editor returns a briefing in review to its writer with a note they see on the form."""
    return article_save(
        article=article, user=user, status=Status.DRAFT, note=note.strip(), request=request
    )


def article_restore_revision(*, article: Article, version, user=None, request=None) -> Article:
    """Bring back a revision's words, filing and tags, as a new revision (history is never
    rewritten). Status and publish time stay as they are. `article.version` is the copy the
    person looked at: a restore over a newer save is refused like any other save."""
    snapshot = version.field_dict
    for name in history.RESTORED_FIELDS:
        attname = Article._meta.get_field(name).attname
        if attname in snapshot:
            setattr(article, attname, snapshot[attname])
    if not Image.objects.filter(pk=article.lead_image_id).exists():
        article.lead_image_id = None  # deleted from the library since that revision
    number = version.revision_id
    with article_revision(user=user, comment=f"Restored revision #{number}"):
        article_save(article=article, user=user, request=request)
        tag_ids, names = history.tag_ids_of(version)
        existing = set(Tag.objects.filter(pk__in=tag_ids).values_list("pk", flat=True))
        tags = [*existing]
        for pk in tag_ids:
            if pk not in existing and pk in names:  # deleted since: made again by name
                tags.append(Tag.objects.get_or_create(name=names[pk])[0].pk)
        article.tags.set(Tag.objects.filter(pk__in=tags))
        history.revision_include(article)
        _audit(
            AuditEvent.Action.RESTORE,
            article=article,
            user=user,
            request=request,
            detail=f"revision #{number}",
        )
    return article


def article_trash(*, article: Article, user=None, request=None) -> Article:
    """Move to the trash: off every page and list at once, tags and comments kept."""
    if user is not None and not user.has_perm("articles.delete_article"):
        raise PermissionDenied("You cannot delete briefings.")
    with article_revision(user=user, comment="Moved to the trash"):
        article.trashed_at = timezone.now()
        article.trashed_by = user if user is not None and user.pk else None
        article.save()
        history.revision_include(article)
        _audit(AuditEvent.Action.DELETE, article=article, user=user, request=request)
    return article


def article_untrash(*, article: Article, user=None, request=None) -> Article:
    """Out of the trash as a draft, with its tags and comments; published again by an editor."""
    if user is not None and not user.has_perm("articles.delete_article"):
        raise PermissionDenied("You cannot restore briefings from the trash.")
    with article_revision(user=user, comment="Restored from the trash"):
        article.trashed_at = None
        article.trashed_by = None
        article.status = Status.DRAFT
        article.save()
        history.revision_include(article)
        _audit(
            AuditEvent.Action.RESTORE,
            article=article,
            user=user,
            request=request,
            detail="from the trash",
        )
    return article


@transaction.atomic
def article_delete_forever(*, article: Article, user=None, request=None) -> None:
    """Delete a briefing in the trash for good, with its comments. Its revisions remain."""
    if user is not None and not user.has_perm("articles.delete_article"):
        raise PermissionDenied("You cannot delete briefings.")
    if article.trashed_at is None:
        raise PermissionDenied("Only a briefing in the trash can be deleted for good.")
    _audit(
        AuditEvent.Action.DELETE,
        article=article,
        user=user,
        request=request,
        detail="deleted for good from the trash",
    )
    article.delete()


PREVIEW_LINK_DAYS = (1, 3, 7, 14, 30)
PREVIEW_LINK_DEFAULT_DAYS = 7


@transaction.atomic
def preview_link_create(
    *,
    article: Article,
    created_by: User,
    days: int = PREVIEW_LINK_DEFAULT_DAYS,
    label: str = "",
    now: datetime | None = None,
    request=None,
) -> tuple[PreviewLink, str]:
    """A new preview link for an unpublished briefing, and its token (never stored: only its
    hash is, so this is the one time anyone sees it)."""
    if not article.can_be_edited_by(created_by):
        raise PermissionDenied
    if article.is_published:
        raise ValidationError("This briefing is published: send its address instead.")
    if days not in PREVIEW_LINK_DAYS:
        raise ValidationError(
            f"A preview link lasts {', '.join(map(str, PREVIEW_LINK_DAYS))} days."
        )
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PreviewLink(
        article=article,
        token_hash=PreviewLink.hash_token(token),
        label=label.strip(),
        created_by=created_by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    link.full_clean()
    link.save()
    detail = f"until {link.expires_at:%Y-%m-%d %H:%M} UTC" + (
        f", for {link.label}" if link.label else ""
    )
    _audit(
        AuditEvent.Action.PREVIEW_CREATED,
        article=article,
        user=created_by,
        request=request,
        detail=detail,
    )
    return link, token


@transaction.atomic
def preview_link_revoke(
    *, link: PreviewLink, revoked_by: User, now: datetime | None = None, request=None
) -> PreviewLink:
    """Stop a link working at once. Revoking twice keeps the first time and person."""
    if not link.article.can_be_edited_by(revoked_by):
        raise PermissionDenied
    # One UPDATE guarded by the condition: two editors revoking at once both succeed.
    revoked = PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=revoked_by
    )
    if revoked:
        _audit(
            AuditEvent.Action.PREVIEW_REVOKED,
            article=link.article,
            user=revoked_by,
            request=request,
            detail=link.label,
        )
    link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return link
