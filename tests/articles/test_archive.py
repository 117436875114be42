from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.pages import card_titles
from tests.factories import make_article, make_articles

pytestmark = pytest.mark.django_db


def on(year, month, day=10):
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_archive_lists_months_with_counts_newest_first(client):
    make_article(publish_at=on(2025, 3, 1))
    make_article(publish_at=on(2025, 3, 28))
    make_article(publish_at=on(2026, 1, 5))
    make_article(publish_at=on(2025, 7, 5), status=Article.Status.DRAFT)
    make_article(publish_at=timezone.now() + timedelta(days=40))

    response = client.get(reverse("articles:archive"))

    html = response.content.decode()
    assert [
        (m["month"].year, m["month"].month, m["count"]) for m in response.context["months"]
    ] == [
        (2026, 1, 1),
        (2025, 3, 2),
    ]
    march = '<a href="/archive/2025/03/">March</a> <span class="archive-months__count">'
    assert march + "2 briefings</span>" in html
    assert "/archive/2025/07/" not in html
    assert html.index(">2026<") < html.index(">2025<")


def test_month_page_lists_that_months_published_briefings(client):
    make_article(title="Early March", publish_at=on(2025, 3, 1))
    make_article(
        title="Late March",
        publish_at=on(
            2025,
            3,
            31,
        ),
    )
    make_article(title="April", publish_at=on(2025, 4, 1))
    make_article(title="Draft March", publish_at=on(2025, 3, 15), status=Article.Status.DRAFT)
    make_article(title="February", publish_at=on(2025, 2, 10))

    response = client.get(reverse("articles:archive_month", kwargs={"year": 2025, "month": 3}))

    assert response.status_code == 200
    assert card_titles(response) == ["Late March", "Early March"]
    html = response.content.decode()
    assert "March 2025" in html
    assert '<a rel="prev" href="/archive/2025/02/">← February 2025</a>' in html
    assert '<a rel="next" href="/archive/2025/04/">April 2025 →</a>' in html


@pytest.mark.parametrize("path", ["/archive/2025/05/", "/archive/2025/13/", "/archive/99999/01/"])
def test_empty_or_impossible_months_are_not_found(client, path):
    make_article(publish_at=on(2025, 3, 1))

    assert client.get(path).status_code == 404


def test_month_pages_paginate(client):
    for day in range(1, 13):
        make_article(publish_at=on(2025, 3, day))

    second = client.get("/archive/2025/03/?page=2")

    assert len(card_titles(second)) == 2
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_archive_pages_cost_the_same_queries_whatever_the_size(
    client, size, django_assert_num_queries
):
    make_articles(size, tags=["Ethereum", "DePIN"], publish_at=on(2025, 3, 10))
    make_articles(size, publish_at=on(2025, 5, 10))
    client.get("/")  # warms the cached section navigation

    with django_assert_num_queries(1):
        assert client.get("/archive/").status_code == 200
    # Django's MonthArchiveView: any briefings that month (the 404), its days, the previous and
    # next months with briefings; then count, page, tags
    with django_assert_num_queries(7):
        assert client.get("/archive/2025/03/").status_code == 200
