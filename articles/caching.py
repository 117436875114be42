"""What the page cache (`core/pagecache.py`) keeps of the briefings' pages, and their keys.

Keys: `article:<id>` (its page, every card of it), `byline:<user id>` (every card and page
showing that author's name), `author:<user id>` (the author page), `tag:<id>`,
`section:<id>`, `list` (home and archive), `feeds` (feeds and sitemap), `nav` (every HTML
page: the section navigation).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from taggit.models import Tag

from core import pagecache

from .models import Article, Section, TaggedArticle


def article_keys(article: Article) -> list[str]:
    tags = getattr(article, "_prefetched_objects_cache", {}).get("tags", [])
    return [
        f"article:{article.pk}",
        f"byline:{article.author_id}",
        *(f"tag:{tag.pk}" for tag in tags),
    ]


def keys_of_article_change(article_id, *, section_ids=(), author_ids=(), tag_ids=()) -> list[str]:
    """What an added, edited or deleted briefing purges: its page and every list it is on."""
    return [
        f"article:{article_id}",
        "list",
        "feeds",
        *(f"section:{pk}" for pk in section_ids),
        *(f"author:{pk}" for pk in author_ids),
        *(f"tag:{pk}" for pk in tag_ids),
    ]


def tag_ids_of(article: Article) -> list[int]:
    return list(
        TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)
    )


def next_publication(now: datetime) -> datetime | None:
    """A scheduled briefing going live changes the lists with no edit to purge them."""
    return (
        Article.objects.not_trashed()
        .filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def register() -> None:
    pagecache.pages_cacheable(
        "articles:list", "articles:archive", "articles:archive_month", keys=["list"]
    )
    pagecache.pages_cacheable(
        "articles:detail", "articles:tag", "articles:section", "articles:author"
    )
    pagecache.pages_cacheable(
        "articles:feed",
        "articles:atom",
        "articles:tag_feed",
        "articles:section_feed",
        "sitemap",
        html=False,
    )
    pagecache.keys_everywhere("nav")
    pagecache.model_keys(Article, article_keys)
    pagecache.model_keys(Tag, lambda tag: [f"tag:{tag.pk}"])
    pagecache.model_keys(Section, lambda section: [f"section:{section.pk}"])
    pagecache.model_keys(get_user_model(), lambda user: [f"author:{user.pk}"])
    pagecache.scheduled_change(next_publication)
