from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import module_has_submodule

from articles.services import editor_ensure

EDITOR_USERNAME = "editor"


def demo_editor_password() -> str:
    # Derived from SECRET_KEY, so every run can print it again without storing it anywhere.
    return salted_hmac("seed_demo.editor", EDITOR_USERNAME).hexdigest()[:20]


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
        "and an `editor` account. Safe to run again: it adds only what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        for seed in demo_seeders():
            self.stdout.write(self.style.SUCCESS(seed(now=now)))

        password = demo_editor_password()
        editor, _ = editor_ensure(
            username=EDITOR_USERNAME, password=password, first_name="Demo", last_name="Editor"
        )
        if editor.check_password(password):
            self.stdout.write(f"Editor login: username `{EDITOR_USERNAME}`, password `{password}`")
        else:
            self.stdout.write(
                f"Editor `{EDITOR_USERNAME}` exists with a password of its own; unchanged."
            )
