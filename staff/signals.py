"""Audit receivers: sign-ins, lockouts, rights and factors, however they change.

Django sends these without knowing the audit trail; receivers keep it in step (the request,
where there is one, comes from staff/middleware.py).
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .audit import audit_record
from .middleware import current_request
from .models import AuditEvent
from .twofactor import HAS_FACTOR_SESSION_KEY, factor_describe, second_factor_note_sign_in

User = get_user_model()
Action = AuditEvent.Action
log = logging.getLogger("staff")


@receiver(user_logged_in, dispatch_uid="staff.audit.sign_in")
def signed_in(sender, request, user, **kwargs):
    second_factor_note_sign_in(request=request, user=user)
    audit_record(action=Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="staff.audit.sign_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="staff.audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Axes marks a refusal during a lockout before this runs, leaving its failure count unset.
    # Those are not written one by one (the lockout is): a flood of them from a locked address
    # must not fill a table nobody may prune. The access log still has each request.
    if getattr(request, "axes_locked_out", False) and (
        getattr(request, "axes_failures_since_start", None) is None
    ):
        return
    audit_record(
        action=Action.SIGN_IN_FAILED,
        request=request,
        actor_name=str(credentials.get("username") or ""),
        detail="wrong name or password",
    )


@receiver(user_locked_out, dispatch_uid="staff.audit.lockout")
def locked_out(sender, request, username, ip_address, **kwargs):
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return  # a refusal during a lockout, not a new one
    log.warning(
        "Admin sign-in locked for %r from %s after %s failures", username, ip_address, failures
    )
    audit_record(
        action=Action.LOCKOUT,
        request=request,
        actor_name=username or "",
        detail=(
            f"after {failures} counted failures; signing in paused for "
            f"{settings.ADMIN_LOCKOUT_MINUTES} minutes"
        ),
    )


# --- Groups and permissions ----------------------------------------------------------------

FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=User, dispatch_uid="staff.audit.flags")
def flags_changing(sender, instance, raw=False, update_fields=None, **kwargs):
    """Superuser, staff and active are the widest rights of all: their changes are recorded."""
    if raw or instance._state.adding or (update_fields and not set(FLAGS) & set(update_fields)):
        return  # a sign-in saves last_login alone: no query for that
    before = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
    changed = [
        f"{flag.removeprefix('is_')} {'on' if getattr(instance, flag) else 'off'}"
        for flag in FLAGS
        if before is not None and before[flag] != getattr(instance, flag)
    ]
    if changed:
        audit_record(
            action=Action.PERMISSIONS_CHANGED,
            request=current_request(),
            target=instance,
            detail=", ".join(changed),
        )


@receiver(post_save, sender=User, dispatch_uid="staff.audit.staff_created")
def staff_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and (instance.is_staff or instance.is_superuser):
        audit_record(
            action=Action.PERMISSIONS_CHANGED,
            request=current_request(),
            target=instance,
            detail="created as " + ("superuser" if instance.is_superuser else "staff"),
        )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="staff.audit.groups")
def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _rights_changed(Action.GROUPS_CHANGED, instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="staff.audit.perms")
def user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _rights_changed(Action.PERMISSIONS_CHANGED, instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="staff.audit.group_perms")
def group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _rights_changed(Action.PERMISSIONS_CHANGED, instance, action, reverse, model, pk_set)


def _rights_changed(audit_action, instance, action, reverse, model, pk_set):
    verbs = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}
    if action not in verbs:
        return
    if action == "pre_clear":
        # What a clear() takes away is only known before it happens.
        field = _m2m_field(instance, model)
        others = list(_with_names(getattr(instance, field).all())) if field else []
    else:
        others = list(_with_names(model._default_manager.filter(pk__in=pk_set or ())))
    if not others:
        return
    # On the reverse side (group.user_set.add(ana)) each user or group on the other end changed.
    targets, names = ([instance], others) if not reverse else (others, [instance])
    label = ", ".join(sorted(_name(other) for other in names))
    for target in targets:
        audit_record(
            action=audit_action,
            request=current_request(),
            target=target,
            detail=f"{verbs[action]}: {label}",
        )


def _m2m_field(instance, model) -> str | None:
    for field in instance._meta.get_fields():
        if field.many_to_many and field.related_model is model:
            return field.get_accessor_name() if field.auto_created else field.name
    return None


def _with_names(queryset):
    """What _name() reads, in the same query (a permission's app label)."""
    return queryset.select_related("content_type") if queryset.model is Permission else queryset


def _name(obj) -> str:
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


# --- Second factors ------------------------------------------------------------------------


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="staff.audit.passkey_added")
def passkey_added(sender, instance, created, **kwargs):
    if not created:
        return
    request = current_request()
    if request is not None and hasattr(request, "session"):
        request.session[HAS_FACTOR_SESSION_KEY] = True
    audit_record(
        action=Action.TWO_FACTOR_ADDED,
        request=request,
        target=instance.user,
        detail=factor_describe(instance),
    )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="staff.audit.app_removed")
@receiver(post_delete, sender=StaticDevice, dispatch_uid="staff.audit.codes_removed")
@receiver(post_delete, sender=WebAuthnCredential, dispatch_uid="staff.audit.passkey_removed")
def factor_removed(sender, instance, **kwargs):
    if not instance.confirmed:
        return  # an app whose setup was never finished
    kind = {TOTPDevice: "authenticator app", StaticDevice: "recovery codes"}.get(sender, "passkey")
    audit_record(
        action=Action.TWO_FACTOR_REMOVED,
        request=current_request(),
        target=instance.user,
        detail=f"{kind} “{instance.name}”",
    )
