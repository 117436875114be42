"""RSS 2.0 and Atom feeds of approved comments: one briefing's, and the latest site-wide.
Names and text only: email addresses are never in them."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from core.mail import absolute_url

from .models import Comment

FEED_LENGTH = 30


class LatestCommentsFeed(Feed):
    feed_url_name = "comments:feed"

    def title(self, obj):
        return f"{settings.SITE_NAME}: latest comments"

    def description(self, obj):
        return f"What readers say about the briefings on {settings.SITE_NAME}."

    subtitle = description

    def link(self, obj):
        return absolute_url(reverse("articles:list"))

    def feed_url(self, obj):
        return absolute_url(reverse(self.feed_url_name))

    def items(self, obj):
        approved = Comment.objects.filter(
            status=Comment.Status.APPROVED, article__in=Article.objects.published()
        )
        return approved.select_related("article").order_by("-created_at")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.name} on “{item.article.title}”"

    def item_description(self, item):
        return item.body_html  # escaped and linkified by models.render_body on save

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_author_name(self, item):
        return item.name

    def item_author_email(self, item):
        return None  # never published

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed
    feed_url_name = "comments:atom"


class ArticleCommentsFeed(LatestCommentsFeed):
    feed_url_name = "comments:article_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, obj):
        return f"Comments on “{obj.title}” — {settings.SITE_NAME}"

    def description(self, obj):
        return f"Readers' comments on “{obj.title}”."

    subtitle = description

    def link(self, obj):
        return absolute_url(f"{obj.get_absolute_url()}#comments")

    def feed_url(self, obj):
        return absolute_url(reverse(self.feed_url_name, args=[obj.slug]))

    def items(self, obj):
        approved = obj.comments.filter(status=Comment.Status.APPROVED).select_related("article")
        return approved.order_by("-created_at")[:FEED_LENGTH]

    def item_title(self, item):
        return f"Comment by {item.name}"


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    feed_url_name = "comments:article_atom"
