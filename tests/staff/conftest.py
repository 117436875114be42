import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_editor

PASSWORD = "a-long-test-password"


@pytest.fixture
def ana(db):
    return make_editor(username="ana")


def sign_in(client, username, password=PASSWORD, address="198.51.100.7", **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or `steps_ahead` half-minutes later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Sign-ins are what these tests repeat; the real hasher's cost is tested by Django.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
