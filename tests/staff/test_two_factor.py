"""Two-factor sign-in: an app's codes, recovery codes, passkeys, and STAFF_2FA=required."""

import json

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from staff.models import AuditEvent
from tests.factories import make_article, make_editor

from .conftest import sign_in, totp_code

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
VERIFY = reverse("admin:staff_verify")
ENROL = reverse("admin:staff_two_factor")
ARTICLES = reverse("admin:articles_article_changelist")


@pytest.fixture
def app(ana):
    return TOTPDevice.objects.create(user=ana, name="Phone", confirmed=True)


@pytest.fixture
def codes(ana, app):
    device = StaticDevice.objects.create(user=ana, name="Recovery codes", confirmed=True)
    for code in ("aaaa2222", "bbbb3333"):
        StaticToken.objects.create(device=device, token=code)
    return device


def test_without_a_factor_the_password_is_enough_when_optional(client, ana):
    response = sign_in(client, "ana")

    assert response.url == "/admin/"
    assert client.get(ARTICLES).status_code == 200


def test_with_an_app_the_admin_asks_for_its_code(client, ana, app):
    response = sign_in(client, "ana")
    assert client.get(response.url).url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get(ARTICLES).url == f"{VERIFY}?next=%2Fadmin%2Farticles%2Farticle%2F"

    page = client.get(VERIFY, {"next": ARTICLES})
    assert "Code from your authenticator app" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "000000", "next": ARTICLES})
    assert "That code did not work" in wrong.content.decode()
    assert client.get(ARTICLES).status_code == 302

    app.refresh_from_db()
    app.throttling_failure_count = 0  # the wrong code above slows the next try down
    app.save()
    right = client.post(VERIFY, {"code": totp_code(app), "next": ARTICLES})

    assert right.url == ARTICLES
    assert client.get(ARTICLES).status_code == 200
    events = AuditEvent.objects.filter(
        action__in=[Action.TWO_FACTOR_FAILED, Action.TWO_FACTOR_PASSED]
    )
    assert [e.action for e in events.order_by("pk")] == [
        Action.TWO_FACTOR_FAILED,
        Action.TWO_FACTOR_PASSED,
    ]


def test_a_session_signed_in_with_a_factor_cannot_skip_it(client, ana, app):
    client.force_login(ana)  # as a test client's shortcut or a stolen password would

    assert client.get(ARTICLES).url.startswith(VERIFY)
    assert client.get(reverse("admin:staff_totp_add")).url.startswith(VERIFY)
    assert client.post(reverse("admin:staff_remove"), {"device": app.persistent_id}).url.startswith(
        VERIFY
    )
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_a_code_cannot_be_used_twice(client, ana, app):
    code = totp_code(app)
    sign_in(client, "ana")
    client.post(VERIFY, {"code": code})
    client.post(reverse("admin:logout"))

    sign_in(client, "ana")
    response = client.post(VERIFY, {"code": code})

    assert "That code did not work" in response.content.decode()


def test_a_recovery_code_works_once(client, ana, codes):
    sign_in(client, "ana")
    assert client.post(VERIFY, {"code": "AAAA 2222", "next": ARTICLES}).url == ARTICLES
    client.post(reverse("admin:logout"))

    sign_in(client, "ana")
    response = client.post(VERIFY, {"code": "aaaa2222", "next": ARTICLES})

    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert list(codes.token_set.values_list("token", flat=True)) == ["bbbb3333"]


def test_cancel_on_the_second_step_signs_out(client, ana, app):
    sign_in(client, "ana")

    client.post(reverse("admin:logout"))

    assert "_auth_user_id" not in client.session


def test_required_sends_a_staff_member_without_a_factor_to_enrol(client, ana, settings):
    settings.STAFF_2FA = "required"
    client.force_login(ana)

    assert client.get("/admin/").url == f"{ENROL}?next=%2Fadmin%2F"
    assert client.get(ARTICLES).url.startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert "This site asks every staff member for a second factor" in page


def test_enrolling_an_app_shows_a_qr_code_then_recovery_codes_once(client, ana, settings):
    settings.STAFF_2FA = "required"
    client.force_login(ana)
    add = reverse("admin:staff_totp_add")

    page = client.get(add).content.decode()
    device = TOTPDevice.objects.get(user=ana, confirmed=False)
    assert "<svg" in page and "<path" in page  # drawn here, no image from elsewhere
    assert "Or type this key" in page
    wrong = client.post(add, {"code": "12345"})
    assert "That code did not match" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()

    response = client.post(add, {"code": totp_code(device)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "This is the only time they are shown" in page
    tokens = list(StaticToken.objects.filter(device__user=ana).values_list("token", flat=True))
    assert len(tokens) == 10 and all(t in page for t in tokens)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(ARTICLES).status_code == 200  # verified by the app just set up
    assert all(t not in client.get(ENROL).content.decode() for t in tokens)
    added = AuditEvent.objects.filter(action=Action.TWO_FACTOR_ADDED).values_list(
        "detail", flat=True
    )
    assert sorted(added) == ["authenticator app “Authenticator app”", "recovery codes"]


def test_new_recovery_codes_replace_the_old_ones(client, ana, app, codes):
    sign_in(client, "ana")
    client.post(VERIFY, {"code": totp_code(app)})

    page = client.post(reverse("admin:staff_recovery_codes")).content.decode()

    assert "aaaa2222" not in page
    assert not StaticToken.objects.filter(token="aaaa2222").exists()
    assert StaticToken.objects.filter(device=codes).count() == 10


def test_removing_the_last_app_removes_the_recovery_codes_too(client, ana, app, codes):
    sign_in(client, "ana", address="192.0.2.44")
    client.post(VERIFY, {"code": totp_code(app)})

    response = client.post(
        reverse("admin:staff_remove"), {"device": app.persistent_id}, REMOTE_ADDR="192.0.2.44"
    )

    assert response.url == ENROL
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert not StaticDevice.objects.filter(user=ana).exists()
    removed = AuditEvent.objects.filter(action=Action.TWO_FACTOR_REMOVED)
    assert {(e.actor, e.ip) for e in removed} == {(ana, "192.0.2.44")}
    assert sorted(removed.values_list("detail", flat=True)) == [
        "authenticator app “Phone”",
        "recovery codes “Recovery codes”",
    ]


def test_someone_elses_factor_cannot_be_removed(client, ana):
    other = TOTPDevice.objects.create(user=make_editor(), name="Theirs", confirmed=True)
    TOTPDevice.objects.create(user=ana, name="Mine", confirmed=True)
    client.force_login(ana)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(name="Mine").persistent_id
    session.save()

    client.post(reverse("admin:staff_remove"), {"device": other.persistent_id})

    assert TOTPDevice.objects.filter(pk=other.pk).exists()


# --- Passkeys: the ceremony's server side (the browser side is in tests/e2e/test_staff.py) ----


def post_json(client, url):
    return client.post(url, data=json.dumps({}), content_type="application/json")


def test_passkey_registration_starts_for_a_signed_in_editor(client, ana):
    client.force_login(ana)

    response = post_json(client, reverse("otp_webauthn:credential-registration-begin"))

    options = response.json()
    assert response.status_code == 200
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == "ana"
    assert options["challenge"]


def test_passkey_registration_is_refused_to_strangers_and_to_the_unverified(client, ana, app):
    url = reverse("otp_webauthn:credential-registration-begin")
    assert post_json(client, url).status_code in (401, 403)

    client.force_login(ana)  # has an app, not yet used in this session
    response = post_json(client, url)

    assert response.status_code == 403
    assert "verify your identity" in response.json()["detail"]


def test_passkey_sign_in_needs_a_password_first(client, ana):
    url = reverse("otp_webauthn:credential-authentication-begin")
    assert post_json(client, url).status_code in (401, 403)  # no passwordless sign-in

    client.force_login(ana)
    response = post_json(client, url)
    assert response.status_code == 200
    assert response.json()["challenge"]


def test_the_enrolment_page_loads_the_passkey_script_without_inline_code(client, ana):
    client.force_login(ana)

    page = client.get(ENROL).content.decode()

    assert "django_otp_webauthn/otp_webauthn_register.js" in page
    assert 'id="otp_webauthn_config" type="application/json"' in page
    assert "<script>" not in page


def test_a_password_alone_does_not_preview_drafts_on_the_site(client, ana, app):
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    sign_in(client, "ana")

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.post(VERIFY, {"code": totp_code(app)})
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_login_page_sends_someone_owing_a_factor_to_the_second_step(client, ana, app):
    sign_in(client, "ana")

    response = client.get("/admin/login/", {"next": ARTICLES})

    assert response.url == f"{VERIFY}?next=%2Fadmin%2Farticles%2Farticle%2F"


def test_removing_with_nothing_set_up_says_so(client, ana):
    client.force_login(ana)

    response = client.post(
        reverse("admin:staff_remove"), {"device": "otp_totp.totpdevice/1"}, follow=True
    )

    assert "There is nothing to remove yet." in response.content.decode()
