import json

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from core.mail import absolute_url

from .. import search, seo

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def highlight(snippet):
    """A search headline with its matches in <mark>, everything else escaped."""
    return search.highlight(snippet or "")


@register.inclusion_tag("articles/share_meta.html")
def share_meta(article):
    """Open Graph, Twitter card and NewsArticle JSON-LD for a briefing page's <head>."""
    image = seo.share_image(article)
    data = json.dumps(seo.news_article_data(article, image=image), ensure_ascii=False)
    return {
        "article": article,
        "site_name": settings.SITE_NAME,
        "published": seo.published_at(article),
        "modified": seo.modified_at(article),
        "url": absolute_url(article.get_absolute_url()),
        "image": image,
        "json_ld": mark_safe(
            f'<script type="application/ld+json">{data.translate(_JSON_SCRIPT_ESCAPES)}</script>'
        ),
    }
