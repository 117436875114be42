from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_articles, make_section, make_user

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://convergence.example"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_published_briefings_with_lastmod_their_sections_tags_and_authors(client):
    defi = make_section(name="DeFi", slug="defi")
    live = make_article(
        slug="live", section=defi, tags=["Restaking"], author=make_user(username="maya")
    )
    make_article(
        slug="draft",
        status=Article.Status.DRAFT,
        tags=["Hidden tag"],
        author=make_user(username="ghost"),
    )
    make_article(
        slug="later",
        publish_at=timezone.now() + timedelta(days=1),
        section=make_section(slug="empty-section"),
    )

    entries = sitemap_entries(client)

    root = "https://convergence.example"
    assert entries[f"{root}/articles/live/"] == live.updated_at.date().isoformat()
    assert f"{root}/sections/defi/" in entries
    assert f"{root}/tags/restaking/" in entries
    assert f"{root}/authors/maya/" in entries
    hidden = ["draft", "later", "hidden-tag", "empty-section", "ghost"]
    assert not any(part in url for url in entries for part in hidden)


def test_sitemap_uses_site_url_whatever_the_request_host(client):
    make_article(slug="live")

    entries = sitemap_entries(client)

    assert all(url.startswith("https://convergence.example/") for url in entries)


@pytest.mark.parametrize("size", [3, 30])
def test_sitemap_queries_do_not_grow_with_briefings(client, size, django_assert_num_queries):
    make_articles(size, tags=["Ethereum", "DePIN"])

    # freshness (2), then a count and a page for each of briefings, sections, tags and authors
    with django_assert_num_queries(10):
        sitemap_entries(client)


def test_robots_txt_points_crawlers_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://convergence.example/sitemap.xml" in body
    assert "Disallow: /admin/" in body
