"""Staff accounts in a real browser: the lockout page, the second step, enrolment, passkeys.

Passkeys go through Chromium's virtual authenticator (DevTools' WebAuthn domain): a real
WebAuthn ceremony against django-otp-webauthn's script and views, with no device attached.
"""

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from staff.models import AuditEvent
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_user
from tests.staff.conftest import totp_code


@pytest.fixture
def ana(transactional_db):
    user = make_user(username="ana", is_staff=True, first_name="Ana", last_name="Lima")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def fill_login(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_locked_out_editor_reads_why_and_for_how_long(new_page, ana, screenshot, viewport):
    page = new_page(viewport)
    for _ in range(5):
        fill_login(page, "ana", "not-the-password")

    fill_login(page, "ana", "a-long-test-password")

    note = page.locator(".errornote[role=alert]")
    assert "paused for 15 minutes, even with the right password" in note.inner_text()
    assert page.input_value("#id_username") == "ana"
    assert_accessible(page)
    screenshot(page, f"staff-lockout-{viewport}")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_editor_with_an_app_types_its_code_after_the_password(
    new_page, ana, screenshot, viewport
):
    device = TOTPDevice.objects.create(user=ana, name="Phone", confirmed=True)
    page = new_page(viewport)

    fill_login(page, "ana", "a-long-test-password")
    page.wait_for_url("**/admin/verify/**")
    assert_accessible(page)
    screenshot(page, f"staff-second-step-{viewport}")
    page.fill("#id_code", "000000")
    page.click("#login-form input[type=submit]")
    assert "That code did not work" in page.inner_text(".errornote")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    page.fill("#id_code", totp_code(device))
    page.click("#login-form input[type=submit]")

    page.wait_for_url("**/admin/")
    assert page.inner_text("#content h1") == "Briefings, comments and prices"  # the index


@pytest.mark.parametrize(
    ("viewport", "scheme"), [("phone", "light"), ("desktop", "light"), ("phone", "dark")]
)
def test_enrolment_pages(new_page, ana, screenshot, viewport, scheme, settings):
    settings.STAFF_2FA = "required"
    page = new_page(viewport, color_scheme=scheme)
    viewport = viewport if scheme == "light" else f"{viewport}-{scheme}"
    login_required(page, ana)
    assert "This site asks every staff member" in page.inner_text(".errornote")
    screenshot(page, f"staff-enrolment-{viewport}")

    page.click("text=Add an authenticator app")
    page.wait_for_url("**/two-factor/app/")
    assert page.locator("figure.qr svg").is_visible()
    screenshot(page, f"staff-enrolment-app-{viewport}")
    device = TOTPDevice.objects.get(user=ana, confirmed=False)
    page.fill("#id_code", totp_code(device))
    page.click("input[type=submit].default, input[value=Confirm]")

    # The click starts the post; wait for the page it leads to (it flaked read at once).
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    screenshot(page, f"staff-recovery-codes-{viewport}")
    page.click("text=I have kept them")
    page.goto("/admin/")
    assert page.inner_text("#content h1") == "Briefings, comments and prices"  # the index


def login_required(page, user):
    fill_login(page, user.get_username(), "a-long-test-password")
    page.wait_for_url("**/admin/two-factor/**")


def test_a_passkey_is_registered_then_used_to_sign_in(
    browser, live_server, ana, settings, screenshot
):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]
    base = live_server.url.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    try:
        login(page, ana)
        page.goto("/admin/two-factor/")
        page.click("#passkey-register-button")
        page.wait_for_selector(".factor-list li")  # the page reloads with the new passkey
        assert WebAuthnCredential.objects.filter(user=ana).count() == 1

        page.click("#logout-form button, form[action$='/logout/'] button")
        fill_login(page, "ana", "a-long-test-password")
        page.wait_for_url("**/admin/verify/**")
        page.wait_for_selector("#passkey-verification-button")
        screenshot(page, "staff-second-step-passkey-desktop")
        page.click("#passkey-verification-button")

        page.wait_for_url("**/admin/")
        assert page.inner_text("#content h1") == "Briefings, comments and prices"  # the index
        passed = AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_PASSED).get()
        assert passed.actor == ana and "passkey" in passed.detail
        assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_ADDED).exists()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_audit_trail_as_a_superuser_sees_it(new_page, ana, screenshot, viewport):
    boss = make_user(username="boss", is_staff=True, is_superuser=True)
    page = new_page(viewport)
    fill_login(page, "ana", "wrong")
    fill_login(page, "ana", "a-long-test-password")
    page.context.clear_cookies()
    login(page, boss)

    page.goto("/admin/staff/auditevent/")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 3
    assert "Failed sign-in" in page.inner_text("#result_list")
    screenshot(page, f"staff-audit-{viewport}")
