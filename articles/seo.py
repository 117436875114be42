"""Absolute URLs from SITE_URL and the structured data search engines and social cards read."""

import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static

from core.mail import absolute_url
from images.processing import CARD_SIZE

# Stands in for a briefing's own card until the task worker has made it.
DEFAULT_CARD = "img/share-card.jpg"


_IMAGE_URLS = re.compile(r'\b(src|srcset)="([^"]*)"')
_SITE_PATH = re.compile(r"(^|,\s*)/(?!/)")


def absolute_image_urls(body_html: str) -> str:
    """Site-relative image URLs made absolute, for feed readers, which read bodies elsewhere."""

    def absolute(match):
        urls = _SITE_PATH.sub(lambda m: f"{m.group(1)}{settings.SITE_URL}/", match.group(2))
        return f'{match.group(1)}="{urls}"'

    return _IMAGE_URLS.sub(absolute, body_html)


def share_image(article) -> dict:
    """The 1200 × 630 card social networks and chats show for a briefing."""
    url = default_storage.url(article.share_card) if article.share_card else static(DEFAULT_CARD)
    return {
        "url": absolute_url(url),
        "width": CARD_SIZE[0],
        "height": CARD_SIZE[1],
        "alt": article.lead_alt or article.title,
    }


def published_at(article):
    """The publish time; a draft without one (previewed by staff) is dated by its last edit."""
    return article.publish_at or article.updated_at


def modified_at(article):
    """When a briefing last changed for readers: a scheduled one changes when it goes out."""
    return max(article.updated_at, published_at(article))


def news_article_data(article, *, image: dict) -> dict:
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
    if article.is_sponsored:
        # Paid content says so to machines too (https://schema.org/sponsor).
        data["genre"] = "Sponsored"
        if article.sponsor_name:
            data["sponsor"] = {"@type": "Organization", "name": article.sponsor_name}
    data["image"] = [
        {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
    ]
    return data
