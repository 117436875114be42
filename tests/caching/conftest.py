import pytest

from core.purge import ANY_KEY, records_fill


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, as in production (the rest of the suite measures views)."""
    settings.PAGE_CACHE_SECONDS = 3600
    settings.HTTP_CACHE_PURGE_URLS = []
    # A site that purged something once, long ago (core/purge.py ANY_KEY): with no purge
    # record at all, every first render would count as untrustworthy.
    records_fill([ANY_KEY], now=0.0)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and what follows its commit (the purge), as a real request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as a deployment has them (hashed names, compressed)."""
    import subprocess

    from tests.caching.servers import ROOT, VENV_BIN, site_env

    root = tmp_path_factory.mktemp("static")
    env = site_env("sqlite:///unused.sqlite3", STATIC_ROOT=str(root))
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    return root


@pytest.fixture
def database_url(transactional_db):
    """The test database, for servers started by a test (the test's rows are committed)."""
    from django.db import connection

    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER'] or 'postgres'}@{host}:{port}/{db['NAME']}"
