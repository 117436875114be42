from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from tests.factories import make_article, make_articles, make_section, make_user

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    # From an empty cache each time, so page-wide cached parts (section navigation, price
    # strip) cost the same in every count.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Home -----------------------------------------------------------------------------


def test_home_lists_published_briefings_newest_first(client):
    older = make_article(title="Older briefing", publish_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="Newer briefing", publish_at=timezone.now() - timedelta(hours=1))

    response = client.get(reverse("articles:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(newer.title) < html.index(older.title)
    assert f'href="{newer.get_absolute_url()}"' in html


def test_home_shows_what_a_reader_needs_to_choose(client):
    article = make_article(
        title="Agents that pay",
        summary="Wallets for software.",
        tags=["AI Agents", "Ethereum"],
        section=make_section(name="Agents", slug="agents"),
        author=make_user(first_name="Maya", last_name="Okafor"),
        body="word " * 460,
    )

    response = client.get(reverse("articles:list"))

    for text in ["Agents that pay", "Wallets for software.", "Maya Okafor", "2 min read"]:
        assert text in response.content.decode()
    assert f'datetime="{article.publish_at.isoformat()}"' in response.content.decode()
    assert '<a href="/sections/agents/">Agents</a>' in response.content.decode()
    assert 'href="/tags/ai-agents/"' in response.content.decode()


def test_home_hides_drafts_and_scheduled_briefings(client):
    make_article(title="Visible one")
    make_article(title="Secret draft", status=Article.Status.DRAFT)
    make_article(title="Tomorrow's news", publish_at=timezone.now() + timedelta(days=1))

    html = client.get(reverse("articles:list")).content.decode()

    assert "Visible one" in html
    assert "Secret draft" not in html
    assert "Tomorrow" not in html


def test_home_paginates_by_ten(client):
    articles = make_articles(12)  # newest first: articles[0] is the newest

    first = client.get(reverse("articles:list")).content.decode()
    second = client.get(reverse("articles:list") + "?page=2").content.decode()

    assert articles[9].title in first and articles[10].title not in first
    assert articles[10].title in second and articles[11].title in second
    assert "Page 2 of 2" in second
    assert client.get(reverse("articles:list") + "?page=3").status_code == 404
    assert client.get(reverse("articles:list") + "?page=abc").status_code == 404


@pytest.mark.parametrize("size", [5, 50])
def test_home_costs_the_same_queries_whatever_the_number_of_briefings(
    client, size, django_assert_max_num_queries
):
    make_articles(size, tags=["Ethereum", "AI Agents", "DePIN"])
    client.get(reverse("articles:list"))  # warms the cached section navigation

    # count, page of briefings, their tags
    with django_assert_max_num_queries(4):
        assert client.get(reverse("articles:list")).status_code == 200


def test_home_query_count_is_constant(client):
    make_articles(5, tags=["A", "B"])
    small = count_queries(client, reverse("articles:list"))
    make_articles(45, tags=["C", "D", "E"])

    assert count_queries(client, reverse("articles:list")) == small


# --- Article ----------------------------------------------------------------------------


def test_article_page_renders_the_briefing(client, settings):
    settings.SITE_DISCLAIMER = "Not advice, just news."
    article = make_article(
        title="Restaking, explained",
        body="Intro.\n\n## How it works\n\nText.\n\n## The risks\n\n- slashing",
        tags=["EigenLayer", "Restaking"],
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="article">' in html
    assert html.count("<h1") == 1
    assert '<h1 class="article__title">Restaking, explained</h1>' in html
    assert '<div class="article-body">' in html
    assert '<a href="#how-it-works">How it works</a>' in html  # table of contents
    assert '<a class="tag" href="/tags/eigenlayer/">EigenLayer</a>' in html
    assert f'href="{article.section.get_absolute_url()}"' in html
    assert "Not advice, just news." in html
    assert "min read" in html
    assert "Sponsored" not in html


def test_sponsored_briefing_is_labelled(client):
    article = make_article(is_sponsored=True, sponsor_name="Lattice Compute Labs")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Sponsored · Lattice Compute Labs" in html


@pytest.mark.parametrize("tag_count", [1, 20])
def test_article_page_queries_do_not_grow_with_tags(
    client, tag_count, django_assert_max_num_queries
):
    article = make_article(tags=[f"Tag {n}" for n in range(tag_count)])
    client.get("/")  # warms the cached section navigation

    # The briefing, its tags, the related briefings and the comment thread (one query
    # however long; tests/comments).
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("status", "offset", "banner"),
    [
        (Article.Status.DRAFT, -timedelta(days=1), "Draft"),
        (Article.Status.PUBLISHED, timedelta(days=1), "Scheduled"),
    ],
)
def test_unpublished_briefing_is_a_404_for_readers_and_a_preview_for_editors(
    client, editor, status, offset, banner
):
    article = make_article(status=status, publish_at=timezone.now() + offset)

    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(make_user())  # logged in, but not staff
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<p class="preview-banner" role="status">' in response.content.decode()
    assert f"<strong>{banner}</strong>" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_editors_preview_a_draft_that_has_no_publish_time_yet(editor_client):
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)

    response = editor_client.get(draft.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Draft</strong>" in html
    assert "Published <time" not in html
    assert f'"datePublished": "{draft.updated_at.isoformat()}"' in html


def test_published_briefing_has_no_preview_banner_for_editors(editor_client):
    article = make_article()

    assert "preview-banner" not in editor_client.get(article.get_absolute_url()).content.decode()


# --- Tags and sections -----------------------------------------------------------------


def test_tag_page_lists_its_published_briefings(client):
    tagged = make_article(title="About ENS", tags=["ENS"])
    make_article(title="Unrelated", tags=["Solana"])
    make_article(title="Draft about ENS", tags=["ENS"], status=Article.Status.DRAFT)

    response = client.get(reverse("articles:tag", kwargs={"slug": "ens"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and ">ENS<" in html
    assert tagged.title in html
    assert "Unrelated" not in html and "Draft about ENS" not in html


def test_section_page_lists_its_briefings(client):
    defi = make_section(name="DeFi", slug="defi", description="Money markets and more.")
    inside = make_article(title="Lending markets", section=defi)
    make_article(title="Elsewhere")

    html = client.get(defi.get_absolute_url()).content.decode()

    assert "Money markets and more." in html
    assert inside.title in html and "Elsewhere" not in html


@pytest.mark.parametrize("size", [5, 50])
def test_tag_and_section_pages_have_constant_queries(client, size, django_assert_max_num_queries):
    section = make_section(slug="infra")
    make_articles(size, section=section, tags=["Filecoin", "DePIN"])
    client.get("/")  # warms the cached section navigation

    # tag or section, count, page, tags
    with django_assert_max_num_queries(4):
        assert client.get(reverse("articles:tag", kwargs={"slug": "filecoin"})).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(section.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url", ["/articles/no-such-briefing/", "/tags/nothing/", "/sections/nowhere/", "/nope/"]
)
def test_unknown_pages_get_the_designed_404(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert 'role="search"' in response.content.decode()


def test_section_navigation_is_served_from_the_cache(client, django_assert_num_queries):
    make_section()
    client.get("/")

    with django_assert_num_queries(0):
        client.get("/nope/")  # the 404 page still shows the navigation


def test_navigation_lists_sections_and_follows_changes(client, django_capture_on_commit_callbacks):
    make_section(name="Privacy & Regulation", slug="privacy-regulation")
    assert "Privacy &amp; Regulation" in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the navigation is cleared on commit
        make_section(name="Agents", slug="agents", position=1)

    assert 'href="/sections/agents/"' in client.get("/").content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_navigation_cache_expires_so_other_workers_catch_up(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.get("/")
    # A section saved by another process: this process's cache was not told.
    Section.objects.bulk_create([Section(name="Late section", slug="late")])
    assert "Late section" not in client.get("/").content.decode()

    time_machine.shift(timedelta(minutes=6))

    assert "Late section" in client.get("/").content.decode()
