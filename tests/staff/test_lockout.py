"""The admin login is throttled per account-and-address, and per address across accounts."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from staff.models import AuditEvent
from tests.factories import make_editor, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.66"
HOME = "198.51.100.7"


def fail(client, username, times, address=ATTACKER):
    for _ in range(times):
        response = sign_in(client, username, password="not-the-password", address=address)
    return response


def is_signed_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def test_a_wrong_password_shows_the_form_again(client, ana):
    response = fail(client, "ana", 1)

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_after_five_failures_the_right_password_is_refused_with_a_message(client, ana):
    fail(client, "ana", 4)
    assert is_signed_in(sign_in(client, "ana", address=ATTACKER))  # four: still allowed
    client.logout()
    fail(client, "ana", 5)

    response = sign_in(client, "ana", address=ATTACKER)

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    html = response.content.decode()
    assert "Too many failed sign-ins to this account from your address" in html
    assert "paused for 15 minutes, even with the right password" in html
    assert 'value="ana"' in html  # what was typed is kept
    assert client.get("/admin/").status_code == 302  # not signed in


def test_the_same_person_elsewhere_and_others_here_still_sign_in(client, ana):
    make_editor(username="bo")
    fail(client, "ana", 5)

    assert is_signed_in(sign_in(client, "ana", address=HOME))
    client.logout()
    assert is_signed_in(sign_in(client, "bo", address=ATTACKER))


def test_an_address_failing_across_many_accounts_is_refused_for_all(client, ana):
    for n in range(20):
        fail(client, f"guess{n}", 1)

    response = sign_in(client, "ana", address=ATTACKER)

    assert response.status_code == 429
    assert "Too many failed sign-ins from your address" in response.content.decode()
    assert is_signed_in(sign_in(client, "ana", address=HOME))


def test_nineteen_failures_across_accounts_do_not_block_an_address(client, ana):
    for n in range(19):
        fail(client, f"guess{n}", 1)

    assert is_signed_in(sign_in(client, "ana", address=ATTACKER))


def test_the_lockout_ends_after_the_lockout_minutes(client, ana):
    fail(client, "ana", 5)
    assert sign_in(client, "ana", address=ATTACKER).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert is_signed_in(sign_in(client, "ana", address=ATTACKER))


def test_refusals_during_a_lockout_do_not_extend_it(client, ana):
    fail(client, "ana", 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert fail(client, "ana", 3).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert is_signed_in(sign_in(client, "ana", address=ATTACKER))


def test_a_forged_forwarded_for_header_does_not_dodge_the_count(client, ana, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(5):
        sign_in(client, "ana", "wrong", address=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert sign_in(client, "ana", address=ATTACKER).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, ana, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for _ in range(5):
        sign_in(client, "ana", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)

    assert (
        sign_in(client, "ana", address="10.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    )
    assert is_signed_in(sign_in(client, "ana", address="10.0.0.1", HTTP_X_FORWARDED_FOR=HOME))


def test_a_superuser_lifts_a_lockout(client, ana):
    fail(client, "ana", 5)
    boss = make_user(username="boss", is_staff=True, is_superuser=True)
    admin_client = client.__class__()
    admin_client.force_login(boss)
    changelist = reverse("admin:staff_lockout_changelist")

    page = admin_client.get(changelist).content.decode()
    assert "ana" in page and ATTACKER in page
    response = admin_client.post(
        changelist,
        {
            "action": "lift",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
        REMOTE_ADDR="192.0.2.9",
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert is_signed_in(sign_in(client, "ana", address=ATTACKER))
    lifted = AuditEvent.objects.get(action=AuditEvent.Action.LOCKOUT_LIFTED)
    assert (lifted.actor, lifted.ip) == (boss, "192.0.2.9")
    assert f"“ana” from {ATTACKER} after 5 failures" in lifted.detail


def test_editors_cannot_see_or_lift_lockouts(client, ana):
    fail(client, "ana", 5)
    client.force_login(make_editor())
    changelist = reverse("admin:staff_lockout_changelist")

    assert client.get(changelist).status_code == 403
    response = client.post(changelist, {"action": "lift", "_selected_action": ["1"]})
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()


def test_sign_ins_failures_and_lockouts_are_in_the_audit_trail(client, ana, caplog):
    fail(client, "ana", 5)
    sign_in(client, "ana", address=ATTACKER)  # refused
    sign_in(client, "ana", address=HOME)

    Action = AuditEvent.Action
    signing_in = [Action.SIGN_IN, Action.SIGN_IN_FAILED, Action.LOCKOUT]
    trail = AuditEvent.objects.filter(action__in=signing_in).order_by("pk")
    events = list(trail.values_list("action", "actor_name", "ip"))
    # Axes announces the lockout while it counts the fifth failure, before that is recorded.
    assert events == [
        *[(Action.SIGN_IN_FAILED, "ana", ATTACKER)] * 4,
        (Action.LOCKOUT, "ana", ATTACKER),
        (Action.SIGN_IN_FAILED, "ana", ATTACKER),  # the fifth
        (Action.SIGN_IN, "ana", HOME),  # the refusal in between is the lockout's, not a row
    ]
    details = list(trail.values_list("detail", flat=True))
    assert details[0] == "wrong name or password"
    assert "after 5 counted failures" in details[4]
    assert AuditEvent.objects.get(action=Action.SIGN_IN).actor == ana
    assert f"Admin sign-in locked for 'ana' from {ATTACKER} after 5 failures" in caplog.text


def test_signing_in_to_ones_own_account_does_not_reset_guesses_at_another(client, ana):
    make_editor(username="mallory")
    fail(client, "ana", 4)
    assert is_signed_in(sign_in(client, "mallory", address=ATTACKER))
    client.logout()

    assert fail(client, "ana", 1).status_code == 429
    assert sign_in(client, "ana", address=ATTACKER).status_code == 429


def test_signing_in_clears_ones_own_mistakes(client, ana):
    fail(client, "ana", 4)
    assert is_signed_in(sign_in(client, "ana", address=ATTACKER))
    client.logout()

    assert fail(client, "ana", 4).status_code == 200
    assert is_signed_in(sign_in(client, "ana", address=ATTACKER))
