"""The audit trail: superusers read it, nobody changes it, rights changes land in it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, transaction
from django.urls import reverse

from staff.audit import audit_record
from staff.models import AuditEvent
from tests.factories import make_editor, make_user

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
CHANGELIST = reverse("admin:staff_auditevent_changelist")


@pytest.fixture
def boss(db):
    return make_user(username="boss", is_staff=True, is_superuser=True)


def test_superusers_read_filter_and_search_the_trail(client, boss):
    audit_record(action=Action.PUBLISH, actor=boss, detail="Rollups, explained")
    audit_record(
        action=Action.SIGN_IN_FAILED, actor_name="mallory", detail="wrong name or password"
    )
    client.force_login(boss)

    everything = client.get(CHANGELIST).content.decode()
    failed = client.get(CHANGELIST, {"action__exact": "sign-in-failed"}).content.decode()
    found = client.get(CHANGELIST, {"q": "Rollups"}).content.decode()

    assert "mallory" in everything and "Rollups, explained" in everything
    assert "mallory" in failed and "Rollups, explained" not in failed
    assert "Rollups, explained" in found and "mallory" not in found
    assert "By action" in everything and "By who" in everything and "By when" in everything


def test_the_trail_offers_no_add_change_or_delete(client, boss):
    event = audit_record(action=Action.PUBLISH, actor=boss)
    client.force_login(boss)

    assert client.get(reverse("admin:staff_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:staff_auditevent_delete", args=[event.pk])).status_code == 403
    page = client.get(reverse("admin:staff_auditevent_change", args=[event.pk])).content.decode()
    assert 'name="_save"' not in page
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [event.pk]})
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_staff_who_are_not_superusers_cannot_see_the_trail(client):
    client.force_login(make_editor())

    assert client.get(CHANGELIST).status_code == 403
    assert "Audit events" not in client.get(reverse("admin:index")).content.decode()


def test_the_list_costs_the_same_queries_for_ten_or_a_hundred_events(
    client, boss, django_assert_max_num_queries
):
    client.force_login(boss)
    for count in (10, 100):
        for _ in range(count):
            audit_record(action=Action.SIGN_IN, actor=boss)
        with django_assert_max_num_queries(10):
            assert client.get(CHANGELIST).status_code == 200


def test_the_database_refuses_to_change_or_delete_an_event(boss):
    event = audit_record(action=Action.PUBLISH, actor=boss, detail="as it happened")

    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="rewritten"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()

    assert AuditEvent.objects.get(pk=event.pk).detail == "as it happened"


def test_group_and_permission_changes_in_the_admin_are_recorded(client, boss):
    writer = make_user(username="wren", is_staff=True)
    editors = Group.objects.get(name="Editors")
    client.force_login(boss)
    publish = Permission.objects.get(codename="delete_article")

    client.post(
        reverse("admin:auth_group_change", args=[editors.pk]),
        {
            "name": "Editors",
            "permissions": [p.pk for p in editors.permissions.all() if p != publish],
        },
        REMOTE_ADDR="192.0.2.30",
    )
    editors.user_set.add(writer)
    writer.user_permissions.add(publish)
    writer.groups.clear()

    events = (
        AuditEvent.objects.filter(action__in=[Action.GROUPS_CHANGED, Action.PERMISSIONS_CHANGED])
        .exclude(detail__startswith="created as")
        .order_by("pk")
    )
    summary = [(e.action, e.target_repr, e.detail, e.actor_name, e.ip) for e in events]
    assert summary == [
        (
            Action.PERMISSIONS_CHANGED,
            "Editors",
            "removed: articles.delete_article",
            "boss",
            "192.0.2.30",
        ),
        (Action.GROUPS_CHANGED, "wren", "added: Editors", "", None),
        (Action.PERMISSIONS_CHANGED, "wren", "added: articles.delete_article", "", None),
        (Action.GROUPS_CHANGED, "wren", "removed: Editors", "", None),
    ]


def test_making_someone_a_superuser_or_taking_staff_away_is_recorded(boss):
    wren = make_user(username="wren", is_staff=True)
    wren.is_superuser = True
    wren.save()
    wren.is_staff = False
    wren.save()
    wren.last_login = wren.date_joined
    wren.save(update_fields=["last_login"])

    details = AuditEvent.objects.filter(target_repr="wren").order_by("pk")
    assert list(details.values_list("detail", flat=True)) == [
        "created as staff",
        "superuser on",
        "staff off",
    ]
