"""Writes that touch more than one model: used by the admin, commands and demo seeding."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

User = get_user_model()


@transaction.atomic
def editor_ensure(*, username: str, password: str | None = None, **names) -> tuple[User, bool]:
    """Return a staff user in the Editors group, creating it (with `password`) if missing."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, **names}
    )
    if created:
        # Bylines need accounts; only accounts given a password can log in.
        user.set_password(password) if password else user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name="Editors"))
    return user, created
