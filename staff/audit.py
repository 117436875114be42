"""`audit_record(...)`: the one way anything writes to the audit trail."""

from django.db import models

from core.abuse import client_ip

from .models import AuditEvent


def audit_record(
    *,
    action: AuditEvent.Action,
    actor=None,
    request=None,
    target: models.Model | None = None,
    detail: str = "",
    actor_name: str = "",
) -> AuditEvent:
    """Append one event; the actor defaults to the request's user, the address to its client's.

    `actor_name` names someone who is not (or not yet) a user: the name typed at a failed sign-in.
    """
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None else actor_name[:150],
        ip=client_ip(request) if request is not None else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        detail=detail,
    )
