from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import module_has_submodule

from articles.services import staff_ensure

EDITOR_USERNAME = "editor"
WRITER_USERNAME = "writer"
# The demo's staff accounts: username -> (group, first name, last name).
DEMO_STAFF = {
    EDITOR_USERNAME: ("Editors", "Demo", "Editor"),
    WRITER_USERNAME: ("Writers", "Demo", "Writer"),
}


def demo_password(username: str) -> str:
    # Derived from SECRET_KEY, so every run can print it again without storing it anywhere.
    return salted_hmac(f"seed_demo.{username}", username).hexdigest()[:20]


def demo_seeders():
    """Each installed app's `demo.seed`, in INSTALLED_APPS order (articles/demo.py says how)."""
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "demo"):
            seed = getattr(import_module(f"{app_config.name}.demo"), "seed", None)
            if seed is not None:
                yield seed


class Command(BaseCommand):
    help = (
        "Load demo content from every app that has a demo.py (briefings, comments, prices) "
        "and `editor` and `writer` accounts. Safe to run again: it adds only what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        for seed in demo_seeders():
            self.stdout.write(self.style.SUCCESS(seed(now=now)))

        for username, (group, first_name, last_name) in DEMO_STAFF.items():
            password = demo_password(username)
            user, _ = staff_ensure(
                username=username,
                group=group,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            role = group[:-1]  # Editor, Writer
            if user.check_password(password):
                self.stdout.write(f"{role} login: username `{username}`, password `{password}`")
            else:
                self.stdout.write(
                    f"{role} `{username}` exists with a password of its own; unchanged."
                )
