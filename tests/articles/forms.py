"""The change form of a briefing as a browser would post it."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article


def change_form(article: Article, **overrides) -> dict:
    """What the admin change form posts for `article` as stored, with `overrides` typed in."""
    article = Article.objects.get(pk=article.pk)
    # The form offers staff accounts as authors; factories' default authors are readers.
    get_user_model().objects.filter(pk=article.author_id).update(is_staff=True)
    local = timezone.localtime(article.publish_at) if article.publish_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "section": article.section_id,
        "tags": ", ".join(sorted(article.tags.names())),
        "lead_image_alt": article.lead_image_alt,
        "lead_image_credit": article.lead_image.credit if article.lead_image else "",
        "status": article.status,
        "publish_at_0": local.strftime("%Y-%m-%d") if local else "",
        "publish_at_1": local.strftime("%H:%M:%S") if local else "",
        "author": article.author_id,
        "comments_enabled": "on" if article.comments_enabled else "",
        "sponsor_name": article.sponsor_name,
        "version": article.version,
    }
    if article.is_sponsored:
        data["is_sponsored"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
