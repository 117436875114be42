import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache

from core.purge import ANY_KEY, records_fill
from tests.ports import free_port


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save the browser tests' screenshots under screenshots/ (make screenshots)",
    )


def pytest_configure(config):
    from django.conf import settings

    # Tests read static files from the app folders; the hashed manifest is a deploy-time concern
    # checked on its own (tests/test_settings.py).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    # Hashing a password the production way takes most of a second on this machine, for every
    # user a test makes or logs in; a fast hasher keeps logins real and tests quick (servers
    # that tests start as subprocesses keep Django's default).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A cache private to this run and to this xdist worker; the page cache is off so views are
    # measured, not the cache (tests/caching/ turns it on).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if settings.REDIS_URL:
        # cache.clear() empties a whole Redis database: each worker has its own (gw1: one up).
        url = urlsplit(settings.REDIS_URL)
        database = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw") or 0)
        settings.CACHES["default"]["LOCATION"] = url._replace(path=f"/{database}").geturl()
    else:
        config._cache_dir = tempfile.TemporaryDirectory(prefix=f"convergence-test-cache-{worker}")
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.LocalCache",
                "LOCATION": config._cache_dir.name,
            }
        }
    # Commits need not wait for the disk: a crash loses the test database, never a result.
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = settings.DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = "-c synchronous_commit=off"
    settings.PAGE_CACHE_SECONDS = 0
    # Templates that exist only for tests (e.g. a sample email).
    settings.TEMPLATES[0]["DIRS"] = [
        *settings.TEMPLATES[0]["DIRS"],
        Path(__file__).parent / "templates",
    ]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    from tests.factories import make_editor

    return make_editor()


@pytest.fixture
def writer(db):
    from tests.factories import make_writer

    return make_writer()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(items):
    # Browser tests need real transactions and flush the database after each test; run them
    # after the rest (their serialized rollback restores what data migrations made).
    # The same for tests that serve the site from real gunicorn workers (tests/caching/test_live_*).
    items.sort(key=lambda item: "/e2e/" in str(item.path) or "/test_live_" in str(item.path))


# --- Email through a real SMTP server, sent by the real task worker --------------------------


class Inbox:
    """What a local aiosmtpd server received, parsed as the recipient's mail client would."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_to]

    def clear(self):
        self.messages.clear()


@contextmanager
def serving_mail(inbox: Inbox, settings):
    """`inbox` behind a real SMTP server on a free local port, the site's email sent to it."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server that accepts everything: what it received is `.messages`."""
    with serving_mail(Inbox(), settings) as inbox:
        yield inbox


@pytest.fixture
def run_tasks(transactional_db, django_db_serialized_rollback):
    """Run the task worker (`manage.py db_worker --batch`) until the queue is empty.

    The worker closes database connections between tasks as it does in production, so tests
    that use it commit for real (`transactional_db`). Serialized rollback, as the browser tests
    use: a plain flush would let post_migrate remake content types under new ids, which the
    browser tests' restore then collides with.
    """
    from django.core.management import call_command

    def run():
        call_command("db_worker", batch=True, interval=0, verbosity=0)

    return run


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, as in production (the rest of the suite measures views)."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.HTTP_CACHE_PURGE_URLS = []
    # A site that purged something once, long ago (core/purge.py ANY_KEY): with no purge
    # record at all, every first render would count as untrustworthy.
    records_fill([ANY_KEY], now=0.0)


@pytest.fixture
def migrate_to(transactional_db, django_db_serialized_rollback):
    """`migrate_to(targets)` migrates the test database there and returns the models as they
    were; afterwards every migration is applied again, for the tests that follow. Migrations
    commit, so the test does too, and the rows other tests expect are put back after it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
