import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter.models import Delivery, Digest, Subscriber
from newsletter.services import digest_compose, digest_queue
from tests.factories import make_article, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest():
    make_article(title="Agents learn to pay", publish_at=timezone.now() - timedelta(hours=1))
    return digest_compose(frequency="daily", now=timezone.now())


def test_editors_get_the_newsletter_permissions_through_their_group():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="newsletter")
        .values_list("codename", flat=True)
    )
    assert {"view_subscriber", "change_subscriber", "delete_subscriber"} <= codenames
    assert {"view_digest", "change_digest", "view_delivery"} <= codenames


def test_editors_search_and_filter_subscribers(editor_client):
    make_subscriber(email="ada@example.org")
    make_subscriber(email="bob@example.org", status="pending")
    url = reverse("admin:newsletter_subscriber_changelist")
    found = editor_client.get(url, {"q": "ada"}).content.decode()
    assert "ada@example.org" in found and "bob@example.org" not in found
    pending = editor_client.get(url, {"status__exact": "pending"}).content.decode()
    assert "bob@example.org" in pending and "ada@example.org" not in pending


def test_csv_export_holds_only_confirmed_addresses(editor_client):
    make_subscriber(email="ada@example.org", consent_ip="192.0.2.1", consent_page="/")
    make_subscriber(email="bob@example.org", status="pending")
    make_subscriber(email="cy@example.org", status="unsubscribed")
    response = editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {
            "action": "export_confirmed_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "email" and [row[0] for row in rows[1:]] == ["ada@example.org"]


def test_bulk_unsubscribe(editor_client):
    chosen = [make_subscriber(), make_subscriber()]
    kept = make_subscriber()
    editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "unsubscribe", "_selected_action": [s.pk for s in chosen]},
    )
    statuses = dict(Subscriber.objects.values_list("pk", "status"))
    assert [statuses[s.pk] for s in chosen] == ["unsubscribed", "unsubscribed"]
    assert statuses[kept.pk] == "confirmed"


def test_the_digest_page_shows_progress_and_the_preview_is_the_email(editor_client, digest):
    for _ in range(3):
        make_subscriber()
    digest_queue(digest=digest, now=timezone.now())
    Delivery.objects.filter(pk=Delivery.objects.first().pk).update(
        state="sent", sent_at=timezone.now()
    )
    listing = editor_client.get(reverse("admin:newsletter_digest_changelist"))
    assert "2 queued · 1 sent · 0 failed" in listing.content.decode()

    preview = editor_client.get(reverse("admin:newsletter_digest_preview", args=[digest.pk]))
    html = preview.content.decode()
    assert preview.status_code == 200 and "Agents learn to pay" in html
    assert "'unsafe-inline'" in preview["Content-Security-Policy"]
    assert "script-src" not in preview["Content-Security-Policy"]  # default-src 'none'


def test_a_draft_takes_an_intro_and_a_sent_digest_is_frozen(editor_client, digest):
    url = reverse("admin:newsletter_digest_change", args=[digest.pk])
    editor_client.post(url, {"subject": "Monday: agents pay", "intro": "A quiet day."})
    digest.refresh_from_db()
    assert (digest.subject, digest.intro) == ("Monday: agents pay", "A quiet day.")
    digest_queue(digest=digest, now=timezone.now())
    editor_client.post(url, {"subject": "Changed", "intro": "Changed"})
    digest.refresh_from_db()
    assert digest.subject == "Monday: agents pay"


def test_send_a_test_to_me(editor_client, editor, digest):
    response = editor_client.post(
        reverse("admin:newsletter_digest_changelist"),
        {"action": "send_test_to_me", "_selected_action": [digest.pk]},
        follow=True,
    )
    assert f"A test copy is on its way to {editor.email}" in response.content.decode()
    task = DBTaskResult.objects.get(task_path="newsletter.tasks.digest_send_test")
    assert task.args_kwargs["args"] == [digest.pk, editor.email]
    assert Digest.objects.get().status == "draft"


def test_deleting_a_subscriber_keeps_the_delivery_counts(editor_client, digest):
    subscriber = make_subscriber()
    digest_queue(digest=digest, now=timezone.now())
    editor_client.post(
        reverse("admin:newsletter_subscriber_delete", args=[subscriber.pk]), {"post": "yes"}
    )
    assert not Subscriber.objects.exists()
    assert Delivery.objects.get().subscriber is None


def test_the_digest_page_counts_deliveries_by_state_and_links_to_their_paged_list(
    editor_client, digest, django_assert_max_num_queries
):
    for _ in range(3):
        make_subscriber()
    digest_queue(digest=digest, now=timezone.now())
    first = Delivery.objects.order_by("id").first()
    Delivery.objects.filter(pk=first.pk).update(state=Delivery.State.FAILED, last_error="550 no")

    page = editor_client.get(reverse("admin:newsletter_digest_change", args=[digest.pk]))
    html = page.content.decode()
    listing = reverse("admin:newsletter_delivery_changelist")
    assert (
        f'<a href="{listing}?digest__id__exact={digest.pk}&amp;state__exact=queued">2 queued</a>'
        in html
    )
    assert "1 failed" in html and "550 no" not in html  # counts, never the rows

    failed = editor_client.get(listing, {"digest__id__exact": digest.pk, "state__exact": "failed"})
    assert failed.status_code == 200
    assert "550 no" in failed.content.decode()
    assert first.subscriber.email in failed.content.decode()
