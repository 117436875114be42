"""Absolute URLs from SITE_URL and the structured data search engines and social cards read."""

from django.conf import settings
from django.templatetags.static import static


def absolute_url(path: str) -> str:
    """`path` on the public site (SITE_URL), unless a storage already made it absolute."""
    return path if "://" in path else f"{settings.SITE_URL}{path}"


def lead_image(article) -> dict | None:
    if not article.lead_image:
        return None
    return {
        "url": absolute_url(article.lead_image.url),
        "width": article.lead_image.width,
        "height": article.lead_image.height,
        "alt": article.lead_image_alt,
    }


def published_at(article):
    """The publish time; a draft without one (previewed by staff) is dated by its last edit."""
    return article.publish_at or article.updated_at


def modified_at(article):
    """When a briefing last changed for readers: a scheduled one changes when it goes out."""
    return max(article.updated_at, published_at(article))


def news_article_data(article, *, image: dict | None) -> dict:
    """schema.org NewsArticle for one briefing (https://schema.org/NewsArticle)."""
    author = article.author
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "datePublished": published_at(article).isoformat(),
        "dateModified": modified_at(article).isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "author": [
            {
                "@type": "Person",
                "name": author.get_full_name() or author.get_username(),
                "url": absolute_url(author.get_absolute_url()),
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute_url(static("img/favicon.svg"))},
        },
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": absolute_url(article.get_absolute_url()),
        },
    }
    if image:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
            }
        ]
    return data
