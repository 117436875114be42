"""Full-text search over published briefings.

PostgreSQL: a stored, GIN-indexed tsvector (title A, summary B, tags C, body D) kept current on
write, `websearch` queries, ranked, with highlighted snippets. SQLite (`make run` without
DATABASE_URL): every word must appear in the title, summary or body; title matches first.
"""

import re

import nh3
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Private-use characters mark the matches in a headline; the text around them is escaped
# before they become <mark> tags, so nothing an editor wrote is ever rendered as HTML.
MATCH_START, MATCH_STOP = "\ue000", "\ue001"
# Headlines come from the Markdown source: its heading and emphasis marks are noise there.
_MARKDOWN_MARKS = re.compile(r"^\s*(?:#{1,6}|[-+>]|\d+\.)\s+|\*{1,3}|`+", re.MULTILINE)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


def clean_query(raw: str) -> str:
    """What a person typed, made safe to search: no NUL or control bytes, at most 200 chars."""
    return " ".join(_UNPRINTABLE.sub("", raw[: MAX_QUERY_LENGTH * 4]).split())[
        :MAX_QUERY_LENGTH
    ].strip()


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def search_vectors_refresh(articles: QuerySet) -> None:
    """Recompute the stored search vector of `articles` (a no-op outside PostgreSQL)."""
    if not uses_postgres_search():
        return
    through = articles.model._meta.get_field("tags").remote_field.through
    tag_names = Subquery(
        through.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(names=StringAgg("tag__name", " "))
        .values("names")
    )
    articles.update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(tag_names, Value(""), output_field=TextField()),
            weight="C",
            config=SEARCH_CONFIG,
        )
        + SearchVector("body", weight="D", config=SEARCH_CONFIG)
    )


def search(articles: QuerySet, query: str) -> QuerySet:
    """`articles` matching `query`, best first, each with a `snippet` to highlight."""
    if uses_postgres_search():
        ts_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.filter(search_vector=ts_query)
            .annotate(
                rank=SearchRank(F("search_vector"), ts_query),
                snippet=SearchHeadline(
                    "body",
                    ts_query,
                    config=SEARCH_CONFIG,
                    start_sel=MATCH_START,
                    stop_sel=MATCH_STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-publish_at", "-id")
        )
    words = query.split()[:10]
    for word in words:
        articles = articles.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    in_title = Q.create([("title__icontains", word) for word in words], connector=Q.OR)
    return articles.annotate(
        snippet=F("summary"),
        title_match=Case(When(in_title, then=1), default=0, output_field=IntegerField()),
    ).order_by("-title_match", "-publish_at", "-id")


def highlight(snippet: str) -> SafeString:
    """A headline as HTML: everything escaped, then only <mark> around the matches."""
    text = " ".join(_MARKDOWN_MARKS.sub("", snippet).split())
    marked = escape(text).replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")
    # nh3 closes any <mark> a cut fragment left open; it allows no other tag.
    return mark_safe(nh3.clean(marked, tags={"mark"}, attributes={}))
