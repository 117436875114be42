import fcntl
import os
import subprocess

import pytest

from tests.caching.servers import ROOT, VENV_BIN, site_env


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and what follows its commit (the purge), as a real request would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as a deployment has them (hashed names, compressed).

    Collected once per run: xdist workers share the folder, the first one collects it."""
    # Under xdist each worker has its own base temp folder inside one shared by the run.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    root = shared / "static"
    with open(shared / "static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "staticfiles.json").exists():
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
