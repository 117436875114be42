"""What search engines, feed readers and social previews read in a page's <head>."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.cards import share_card_store
from articles.models import Article
from tests.factories import make_article, make_image, make_section, make_user

pytestmark = pytest.mark.django_db

ROOT = "https://convergence.example"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = ROOT
    settings.SITE_NAME = "Convergence"
    settings.MEDIA_ROOT = tmp_path


def meta(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found[0] if len(found) == 1 else found


def json_ld(html):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def png(width=1200, height=630):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("lead.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/", f"{ROOT}/"),
        ("/?page=2", f"{ROOT}/?page=2"),
        ("/?page=1&utm_source=x", f"{ROOT}/"),
        ("/search/?q=agents", f"{ROOT}/search/"),
        ("/archive/", f"{ROOT}/archive/"),
    ],
)
def test_every_page_names_its_canonical_url_on_site_url(client, path, canonical):
    for _ in range(11):
        make_article(title="Agents briefing")

    html = client.get(path).content.decode()

    assert f'<link rel="canonical" href="{canonical}">' in html


def test_pages_advertise_the_feeds_and_tag_pages_their_own(client):
    make_article(tags=["Restaking"])

    home = client.get("/").content.decode()
    tag = client.get("/tags/restaking/").content.decode()

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Convergence (RSS)" href="/feed/">'
        in home
    )
    assert 'type="application/atom+xml"' in home and 'href="/feed/atom/"' in home
    assert 'href="/tags/restaking/feed/"' in tag
    assert 'href="/feed/"' in home[home.index("<footer") :]  # and readers see a link too


def test_briefing_page_has_open_graph_and_twitter_tags(client):
    article = make_article(
        title="Agents & wallets",
        summary='Keys for "software".',
        section=make_section(name="Agents", slug="agents"),
        tags=["AI Agents", "Ethereum"],
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Agents &amp; wallets"
    assert meta(html, "property", "og:description") == "Keys for &quot;software&quot;."
    assert meta(html, "property", "og:url") == f"{ROOT}{article.get_absolute_url()}"
    assert meta(html, "property", "article:published_time") == article.publish_at.isoformat()
    assert meta(html, "property", "article:modified_time")
    assert meta(html, "property", "article:section") == "Agents"
    assert sorted(meta(html, "property", "article:tag")) == ["AI Agents", "Ethereum"]
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    # Until the worker has drawn its own card, the site's card stands in: never no image.
    assert meta(html, "property", "og:image") == f"{ROOT}/static/img/share-card.jpg"
    assert meta(html, "name", "description") == "Keys for &quot;software&quot;."


def test_the_share_card_goes_in_the_card_absolute_with_size_and_alt(client):
    article = make_article(lead_image=make_image(alt="A teal square"))
    share_card_store(article=article)

    html = client.get(article.get_absolute_url()).content.decode()

    article.refresh_from_db()
    image_url = f"{ROOT}/media/{article.share_card}"
    assert meta(html, "property", "og:image") == image_url
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "property", "og:image:alt") == "A teal square"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image_url
    assert json_ld(html)["image"] == [
        {"@type": "ImageObject", "url": image_url, "width": 1200, "height": 630}
    ]


def test_briefing_page_carries_news_article_json_ld(client):
    author = make_user(first_name="Maya", last_name="Okafor", username="maya")
    article = make_article(
        title="Proving inference",
        summary="Where zkML stands.",
        author=author,
        tags=["zkML"],
        publish_at=timezone.now() - timedelta(days=2),
    )

    data = json_ld(client.get(article.get_absolute_url()).content.decode())

    url = f"{ROOT}{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Proving inference"
    assert data["description"] == "Where zkML stands."
    assert data["datePublished"] == article.publish_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Maya Okafor", "url": f"{ROOT}/authors/maya/"}
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Convergence"
    assert data["publisher"]["logo"]["url"].startswith(f"{ROOT}/static/")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["keywords"] == ["zkML"]
    assert data["image"][0]["url"] == f"{ROOT}/static/img/share-card.jpg"


def test_json_ld_cannot_close_its_script_element(client):
    article = make_article(title="</script><script>alert(1)</script> & more")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script> & more"


# --- Related briefings --------------------------------------------------------------------


def test_related_briefings_share_the_most_tags_newest_first_on_ties(client):
    now = timezone.now()
    article = make_article(title="Subject", tags=["A", "B", "C"])
    three = make_article(
        title="Shares three", tags=["A", "B", "C"], publish_at=now - timedelta(days=9)
    )
    two_newer = make_article(
        title="Shares two, newer", tags=["A", "B"], publish_at=now - timedelta(days=1)
    )
    two_older = make_article(
        title="Shares two, older", tags=["B", "C"], publish_at=now - timedelta(days=5)
    )
    one = make_article(title="Shares one", tags=["C", "Z"], publish_at=now - timedelta(hours=2))
    make_article(title="Shares one, oldest", tags=["A"], publish_at=now - timedelta(days=30))
    make_article(title="Shares none", tags=["Z"])
    make_article(title="Draft sharing all", tags=["A", "B", "C"], status=Article.Status.DRAFT)

    response = client.get(article.get_absolute_url())

    assert [related.title for related in response.context["related_articles"]] == [
        three.title,
        two_newer.title,
        two_older.title,
        one.title,
    ]
    html = response.content.decode()
    related = html[html.index('class="related"') : html.index("</footer>")]
    assert f'href="{three.get_absolute_url()}"' in related
    assert "Subject" not in related


def test_no_related_section_without_shared_tags(client):
    article = make_article(tags=["Lonely"])
    make_article(tags=["Other"])

    assert 'class="related"' not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("others", [2, 20])
def test_related_briefings_take_one_query(others, django_assert_num_queries):
    article = make_article(tags=["A", "B"])
    for _ in range(others):
        make_article(tags=["A", "B", "C"])
    article = Article.objects.with_related().get(pk=article.pk)

    with django_assert_num_queries(1):
        assert len(list(Article.objects.published().related_to(article))) == min(others, 4)


def test_bylines_link_to_author_pages(client):
    article = make_article(
        author=make_user(first_name="Priya", last_name="Raman", username="priya.r")
    )

    home = client.get(reverse("articles:list")).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/authors/priya.r/">Priya Raman</a>' in home
    assert '<a href="/authors/priya.r/" rel="author">Priya Raman</a>' in page
