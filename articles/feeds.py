"""RSS 2.0 and Atom feeds of published briefings: site-wide, per tag and per section."""

from hashlib import sha256

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.views.decorators.http import condition
from taggit.models import Tag

from core.mail import absolute_url

from .models import Article, Section
from .seo import absolute_image_urls, modified_at

FEED_LENGTH = 20


class RssWithContentFeed(Rss201rev2Feed):
    """RSS 2.0 with the full HTML body in <content:encoded>, as feed readers expect."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContentFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestBriefingsFeed(Feed):
    feed_type = RssWithContentFeed

    def title(self, obj):
        name = settings.SITE_NAME
        return f"{obj.name} — {name}" if obj else f"{name}: latest briefings"

    def description(self, obj):
        return settings.SITE_TAGLINE

    subtitle = description  # Atom's name for it

    def link(self, obj):
        return absolute_url(self.page_url(obj))

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed"))

    def page_url(self, obj):
        return reverse("articles:list")

    def items(self, obj):
        return Article.objects.published().with_related()[:FEED_LENGTH]

    def item_title(self, item):
        return f"Sponsored: {item.title}" if item.is_sponsored else item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_author_name(self, item):
        return item.author.get_full_name() or item.author.get_username()

    def item_author_link(self, item):
        return absolute_url(item.author.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return modified_at(item)

    def item_categories(self, item):
        sponsored = ["Sponsored"] if item.is_sponsored else []
        return [*sponsored, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item):
        # body_html was rendered from Markdown and sanitised with nh3 when the briefing was saved.
        return {"content_html": absolute_image_urls(item.body_html)}


class LatestBriefingsAtomFeed(LatestBriefingsFeed):
    feed_type = AtomWithContentFeed

    def feed_url(self, obj):
        return absolute_url(reverse("articles:atom"))


class FilteredFeed(LatestBriefingsFeed):
    """The latest briefings under one tag or section."""

    model: type
    lookup: str
    feed_url_name: str

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def feed_url(self, obj):
        return absolute_url(reverse(self.feed_url_name, kwargs={"slug": obj.slug}))

    def items(self, obj):
        published = Article.objects.published().filter(**{self.lookup: obj})
        return published.with_related()[:FEED_LENGTH]


class TagFeed(FilteredFeed):
    model, lookup, feed_url_name = Tag, "tags", "articles:tag_feed"

    def page_url(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})


class SectionFeed(FilteredFeed):
    model, lookup, feed_url_name = Section, "section", "articles:section_feed"

    def page_url(self, obj):
        return obj.get_absolute_url()


def _freshness(request) -> tuple[str, object]:
    """An ETag and Last-Modified for everything published: two small aggregate queries."""
    if not hasattr(request, "_briefings_freshness"):
        edited = Article.objects.aggregate(changed=Max("updated_at"), rows=Count("pk"))
        live = Article.objects.published().aggregate(latest=Max("publish_at"), rows=Count("pk"))
        stamps = [stamp for stamp in (edited["changed"], live["latest"]) if stamp]
        last_modified = max(stamps) if stamps else None
        fingerprint = f"{edited['rows']}:{live['rows']}:{last_modified}"
        request._briefings_freshness = (
            sha256(fingerprint.encode()).hexdigest()[:32],
            last_modified,
        )
    return request._briefings_freshness


def conditional(view):
    """Answer 304 Not Modified to a feed reader or crawler that already has the latest."""
    return condition(
        etag_func=lambda request, *args, **kwargs: _freshness(request)[0],
        last_modified_func=lambda request, *args, **kwargs: _freshness(request)[1],
    )(view)
