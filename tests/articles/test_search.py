import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import search
from articles.models import Article
from tests.factories import make_article, make_articles

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


def result_titles(response):
    return re.findall(
        r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_a_title_match_ranks_above_a_body_match(client):
    in_body = make_article(
        title="Shared security, priced",
        body="Validators opt in to restaking to secure more services.",
        publish_at=timezone.now() - timedelta(hours=1),  # newer: ranking, not date, decides
    )
    in_title = make_article(
        title="Restaking meets AI services",
        body="Validators secure more services.",
        publish_at=timezone.now() - timedelta(days=3),
    )

    response = client.get(SEARCH, {"q": "restaking"})

    assert response.status_code == 200
    assert result_titles(response) == [in_title.title, in_body.title]


def test_summary_and_tags_outrank_the_body(client):
    body_only = make_article(title="One", body="A note on oracles.")
    tagged = make_article(title="Two", body="Nothing here.", tags=["Oracles"])
    summarised = make_article(title="Three", summary="Why oracles matter.", body="Text.")

    response = client.get(SEARCH, {"q": "oracles"})

    assert result_titles(response) == [summarised.title, tagged.title, body_only.title]


def test_search_finds_only_published_briefings(client):
    make_article(title="Live restaking briefing")
    make_article(title="Draft restaking briefing", status=Article.Status.DRAFT)
    make_article(title="Restaking tomorrow", publish_at=timezone.now() + timedelta(days=1))

    assert result_titles(client.get(SEARCH, {"q": "restaking"})) == ["Live restaking briefing"]


def test_search_vector_follows_edits_and_tag_changes(client):
    article = make_article(title="Quiet title", body="Plain words.")
    assert result_titles(client.get(SEARCH, {"q": "zkml"})) == []

    article.tags.add("zkML")
    assert result_titles(client.get(SEARCH, {"q": "zkml"})) == ["Quiet title"]

    article.tags.clear()
    article.title = "Loud title about rollups"
    article.save()
    assert result_titles(client.get(SEARCH, {"q": "zkml"})) == []
    assert result_titles(client.get(SEARCH, {"q": "rollups"})) == ["Loud title about rollups"]


def test_renaming_a_tag_updates_the_briefings_that_carry_it(client):
    make_article(title="Tagged briefing", tags=["Resttaking"])
    tag = Tag.objects.get(name="Resttaking")

    tag.name = "Restaking"
    tag.save()

    assert result_titles(client.get(SEARCH, {"q": "restaking"})) == ["Tagged briefing"]


def test_snippet_highlights_matches_and_escapes_everything_else(client):
    make_article(
        title="Escaping",
        body='Fees & the <script>alert("x")</script> **restaking** <b onclick="x()">market</b>'
        " grows for AT&T and others.",
    )

    html = client.get(SEARCH, {"q": "restaking"}).content.decode()

    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>restaking</mark>" in snippet
    assert "<script" not in snippet and "<b " not in snippet  # PostgreSQL drops tags
    assert "Fees &amp; the" in snippet and "AT&amp;T" in snippet
    assert "**" not in snippet  # Markdown emphasis marks are dropped from snippets
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


@pytest.mark.parametrize(
    ("snippet", "html"),
    [
        ("a \ue000b\ue001 c", "a <mark>b</mark> c"),
        (
            "<img src=x onerror=alert(1)> \ue000b\ue001",
            "&lt;img src=x onerror=alert(1)&gt; <mark>b</mark>",
        ),
        ("cut \ue000open", "cut <mark>open</mark>"),  # a fragment cut inside a match
        ("## Heading\n\n**bold** `code`\n- item\n1. step", "Heading bold code item step"),
    ],
)
def test_highlight_allows_only_mark(snippet, html):
    assert search.highlight(snippet) == html


@pytest.mark.parametrize(
    "query",
    [
        '"unterminated phrase',
        '"proof of stake"',
        "restaking -bitcoin",
        "agents OR wallets",
        "!!! ::: & | ( ) <-> ' * :*",
        "🚀🦄 émoji ünïcode",
        "x" * 10_000,
        "rest\x00aking",
        "\x00\x01\x1f",
        "' OR 1=1; --",
        "\\",
        "<script>alert(1)</script>",
        "the and of",  # only stop words
        "   ",
    ],
)
def test_any_query_a_person_can_type_gets_a_page_not_an_error(client, query):
    make_article(title="Restaking meets AI services")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_nul_bytes_are_stripped_and_long_queries_truncated(client):
    make_article(title="Restaking meets AI services")

    assert result_titles(client.get(SEARCH, {"q": "rest\x00aking"})) == [
        "Restaking meets AI services"
    ]
    response = client.get(SEARCH, {"q": "y" * 10_000})
    assert response.context["query"] == "y" * search.MAX_QUERY_LENGTH


def test_websearch_syntax_phrases_exclusions_and_or(client):
    make_article(title="Agents with wallets", body="Session keys.")
    make_article(title="Agents with oracles", body="Price data.")
    make_article(title="Wallets for people", body="Hardware.")

    assert sorted(result_titles(client.get(SEARCH, {"q": "agents -oracles"}))) == [
        "Agents with wallets"
    ]
    assert len(result_titles(client.get(SEARCH, {"q": "oracles OR hardware"}))) == 2
    assert result_titles(client.get(SEARCH, {"q": '"wallets for people"'})) == [
        "Wallets for people"
    ]


def test_the_typed_query_stays_in_both_search_boxes(client):
    html = client.get(SEARCH, {"q": 'ai "agents"'}).content.decode()

    assert html.count('value="ai &quot;agents&quot;"') == 2


def test_no_results_page_helps(client):
    make_article(title="Restaking meets AI services")

    response = client.get(SEARCH, {"q": "quantum"})

    assert result_titles(response) == []
    assert "No briefings match" in response.content.decode()
    assert reverse("articles:archive") in response.content.decode()


def test_empty_query_shows_the_form_without_searching(client, django_assert_max_num_queries):
    client.get("/")  # warms the cached section navigation

    with django_assert_max_num_queries(0):
        response = client.get(SEARCH)

    assert response.status_code == 200
    assert "Type a word or a phrase" in response.content.decode()


def test_results_are_paginated_and_pages_keep_the_query(client):
    make_articles(12, title="Restaking update")

    first = client.get(SEARCH, {"q": "restaking"})
    second = client.get(SEARCH, {"q": "restaking", "page": 2})

    assert len(result_titles(first)) == 10 and len(result_titles(second)) == 2
    assert 'href="?q=restaking&amp;page=2"' in first.content.decode()
    assert "12 briefings found" in first.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_search_costs_the_same_queries_whatever_the_number_of_matches(
    client, size, django_assert_num_queries
):
    make_articles(size, title="Restaking update", tags=["Restaking", "Ethereum", "DePIN"])
    client.get("/")  # warms the cached section navigation

    # count, page of ranked results with headlines, their tags
    with django_assert_num_queries(3):
        assert client.get(SEARCH, {"q": "restaking"}).status_code == 200


def test_without_postgresql_search_still_finds_words_title_matches_first(client, monkeypatch):
    monkeypatch.setattr(search, "uses_postgres_search", lambda: False)
    in_body = make_article(title="Shared security", body="About restaking and slashing.")
    in_title = make_article(
        title="Restaking and slashing", body="Text.", publish_at=timezone.now() - timedelta(days=9)
    )
    make_article(title="Restaking alone", body="No second word.")

    response = client.get(SEARCH, {"q": "restaking slashing"})

    assert result_titles(response) == [in_title.title, in_body.title]
