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
    # The README's production variables opt in to HSTS for subdomains and the preload token.
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    # ... and ask every staff member for a second factor (README "Staff accounts").
    "STAFF_2FA": "required",
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


def test_check_deploy_warns_while_a_password_alone_opens_the_admin():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "STAFF_2FA"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 1
    assert "staff.W001" in result.stderr
    assert "STAFF_2FA is not 'required'" in result.stderr


def test_hsts_starts_at_one_minute_without_subdomains_or_preload():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SECURE_HSTS_")}
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )

    shown = manage("shell", "-c", code, env=env)
    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert shown.stdout.splitlines()[-1] == "60 False False", shown.stdout + shown.stderr
    # Deliberate: the check says so until the deployment opts in (deploy/README.md).
    assert "security.W005" in checked.stderr and "security.W021" in checked.stderr


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


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "COMMENTS_RATE_LIMIT",
            "5 per minute",
            "COMMENTS_RATE_LIMIT: '5 per minute' is not a rate",
        ),
        ("COMMENTS_RATE_LIMIT", "0/m", "COMMENTS_RATE_LIMIT: '0/m' is not a rate"),
        ("COMMENTS_MODERATION", "sometimes", "COMMENTS_MODERATION must be first-time or all"),
        ("COMMENTS_MAX_DEPTH", "13", "COMMENTS_MAX_DEPTH must be from 1 to 12, not 13"),
        ("COMMENTS_MAX_DEPTH", "0", "COMMENTS_MAX_DEPTH must be from 1 to 12, not 0"),
        ("COMMENTS_MAX_DEPTH", "five", "COMMENTS_MAX_DEPTH must be a whole number, not 'five'"),
        ("TICKER_PROVIDER", "binance", "TICKER_PROVIDER must be demo or coingecko, not 'binance'"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT must be a whole number, not 'smtp'"),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_the_variable(variable, value, message):
    result = manage("check", env={**PRODUCTION_ENV, variable: value})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("COMMENTS_RATE_LIMIT", ""), ("COMMENTS_RATE_LIMIT", "20/h"), ("COMMENTS_MAX_DEPTH", "12")],
)
def test_well_formed_settings_start(variable, value):
    result = manage("check", env={**PRODUCTION_ENV, variable: value})

    assert result.returncode == 0, result.stderr
