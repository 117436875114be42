"""The digest list counts each digest's deliveries in its one query; the change page, which
counts them by state, does not count them a second time (the list's progress is tested in
test_admin.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter.services import digest_compose, digest_queue
from tests.factories import make_article, make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_digest():
    make_article(title="Agents learn to pay", publish_at=timezone.now() - timedelta(hours=1))
    digest = digest_compose(frequency="daily", now=timezone.now())
    make_subscriber()
    digest_queue(digest=digest, now=timezone.now())
    return digest


def test_the_change_page_loads_the_digest_without_the_lists_counts(editor_client, queued_digest):
    url = reverse("admin:newsletter_digest_change", args=[queued_digest.pk])
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(url)

    assert "1 queued" in page.content.decode()
    assert not [q["sql"] for q in queries if '"queued_count"' in q["sql"]]
