"""/sitemap.xml: published briefings with their last change, their sections and tags."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from .models import Article, Section
from .seo import modified_at


class PublicSiteSitemap(Sitemap):
    """URLs on SITE_URL, whatever host the crawler's request came in on."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(PublicSiteSitemap):
    def items(self):
        return Article.objects.published().only("slug", "publish_at", "updated_at")

    def lastmod(self, article):
        return modified_at(article)


class SectionSitemap(PublicSiteSitemap):
    def items(self):
        return Section.objects.filter(articles__in=Article.objects.published()).distinct()


class TagSitemap(PublicSiteSitemap):
    def items(self):
        published = Article.objects.published()
        return (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=published)
            .distinct()
            .order_by("name")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(PublicSiteSitemap):
    def items(self):
        authors = get_user_model().objects.filter(articles__in=Article.objects.published())
        return authors.distinct().order_by("username").only("username")


SITEMAPS = {
    "briefings": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
