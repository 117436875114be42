from datetime import timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_articles, make_section, make_user

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://convergence.example"
    settings.SITE_NAME = "Convergence"


def parse(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_rss_feed_has_the_latest_twenty_published_briefings_in_full(client):
    make_articles(22)
    article = make_article(
        title="Agents & wallets",
        summary="Keys for software.",
        body="## Why\n\nBecause **agents** pay.",
        tags=["AI Agents", "Ethereum"],
        author=make_user(first_name="Maya", last_name="Okafor", username="maya"),
        publish_at=timezone.now() - timedelta(minutes=5),
    )
    make_article(title="Secret draft", status=Article.Status.DRAFT)
    make_article(title="Tomorrow", publish_at=timezone.now() + timedelta(days=1))

    response = client.get(reverse("articles:feed"))

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    assert channel.findtext("title") == "Convergence: latest briefings"
    assert channel.findtext("link") == "https://convergence.example/"
    assert channel.findtext("description")
    assert channel.find("atom:link", NS).get("href") == "https://convergence.example/feed/"
    items = channel.findall("item")
    assert len(items) == 20
    titles = [item.findtext("title") for item in items]
    assert "Secret draft" not in titles and "Tomorrow" not in titles
    first = items[0]
    assert first.findtext("title") == "Agents & wallets"
    assert first.findtext("link") == f"https://convergence.example{article.get_absolute_url()}"
    assert first.findtext("guid") == first.findtext("link")
    assert first.findtext("description") == "Keys for software."
    assert first.findtext("content:encoded", namespaces=NS) == article.body_html
    assert "<strong>agents</strong>" in article.body_html
    assert first.findtext("dc:creator", namespaces=NS) == "Maya Okafor"
    assert parsedate_to_datetime(first.findtext("pubDate")) == article.publish_at.replace(
        microsecond=0
    )
    assert sorted(c.text for c in first.findall("category")) == ["AI Agents", "Ethereum"]


def test_atom_feed_has_the_required_elements(client):
    article = make_article(
        title="Restaking, priced",
        summary="Slashing is the price.",
        tags=["Restaking"],
        author=make_user(first_name="Daniel", last_name="Hartmann", username="daniel"),
    )

    response = client.get(reverse("articles:atom"))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for element in ["atom:title", "atom:id", "atom:updated", "atom:subtitle"]:
        assert feed.findtext(element, namespaces=NS), element
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links == {
        "alternate": "https://convergence.example/",
        "self": "https://convergence.example/feed/atom/",
    }
    (entry,) = feed.findall("atom:entry", NS)
    url = f"https://convergence.example{article.get_absolute_url()}"
    assert entry.findtext("atom:title", namespaces=NS) == "Restaking, priced"
    assert entry.find("atom:link", NS).get("href") == url
    assert entry.findtext("atom:id", namespaces=NS) == url
    assert entry.findtext("atom:summary", namespaces=NS) == "Slashing is the price."
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html" and content.text == article.body_html
    assert entry.findtext("atom:author/atom:name", namespaces=NS) == "Daniel Hartmann"
    assert entry.findtext("atom:author/atom:uri", namespaces=NS) == (
        "https://convergence.example/authors/daniel/"
    )
    assert entry.findtext("atom:published", namespaces=NS) == article.publish_at.isoformat()
    assert entry.findtext("atom:updated", namespaces=NS)
    assert [c.get("term") for c in entry.findall("atom:category", NS)] == ["Restaking"]


def test_tag_and_section_feeds_hold_only_their_briefings(client):
    defi = make_section(name="DeFi", slug="defi")
    make_article(title="Tagged", tags=["Restaking"])
    make_article(title="In DeFi", section=defi)
    make_article(title="Elsewhere", tags=["Other"])
    make_article(title="Draft in DeFi", section=defi, status=Article.Status.DRAFT)

    tag_feed = parse(client.get(reverse("articles:tag_feed", kwargs={"slug": "restaking"})))
    section_feed = parse(client.get(reverse("articles:section_feed", kwargs={"slug": "defi"})))

    assert [i.findtext("title") for i in tag_feed.iter("item")] == ["Tagged"]
    assert (
        tag_feed.find("channel").findtext("link") == "https://convergence.example/tags/restaking/"
    )
    assert [i.findtext("title") for i in section_feed.iter("item")] == ["In DeFi"]
    assert section_feed.find("channel").findtext("title") == "DeFi — Convergence"
    assert client.get("/tags/nope/feed/").status_code == 404
    assert client.get("/sections/nope/feed/").status_code == 404


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/tags/restaking/feed/", "/sitemap.xml"])
def test_a_poller_that_has_the_latest_gets_304_until_something_changes(client, url):
    article = make_article(tags=["Restaking"], publish_at=timezone.now() - timedelta(days=1))

    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304

    article.title = "Corrected title"
    article.save()
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert client.get(url, headers={"if-none-match": changed["ETag"]}).status_code == 304


def test_a_briefing_going_live_on_schedule_changes_the_etag(client, settings):
    make_article(publish_at=timezone.now() - timedelta(days=1))
    scheduled = make_article(publish_at=timezone.now() + timedelta(hours=1))
    etag = client.get("/feed/")["ETag"]
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304

    Article.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    response = client.get("/feed/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert scheduled.title in response.content.decode()


def test_a_304_costs_only_the_freshness_queries(client, django_assert_num_queries):
    make_articles(3)
    etag = client.get("/feed/")["ETag"]

    with django_assert_num_queries(2):
        assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("size", [3, 25])
def test_feed_queries_do_not_grow_with_briefings(client, size, django_assert_num_queries):
    make_articles(size, tags=["Ethereum", "DePIN"])

    # freshness (2), briefings with section and author, their tags
    with django_assert_num_queries(4):
        assert client.get("/feed/").status_code == 200
