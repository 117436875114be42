"""Production settings: refuse to start unsafe, and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-real-deployment-uses-fifty-random-characters-like-these-0123456789",
    "ALLOWED_HOSTS": "convergence.example",
    "CSRF_TRUSTED_ORIGINS": "https://convergence.example",
    "SITE_URL": "https://convergence.example",
}


def manage(*args, env):
    ignored = {*PRODUCTION_ENV, "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr or f"Set the {missing}" in result.stderr


def test_collected_static_files_are_hashed_and_compressed(tmp_path):
    result = manage(
        "collectstatic", "--noinput", "-v0", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    )

    assert result.returncode == 0, result.stderr
    css = {p.name for p in (tmp_path / "css").iterdir()}
    assert any(name.startswith("site.") and name.endswith(".css.gz") for name in css)
    assert any(name.endswith(".css.br") for name in css)
    assert (tmp_path / "staticfiles.json").exists()
