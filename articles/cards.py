"""Share cards: the 1200 × 630 og:image of each briefing, made by the task worker."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.purge import purge
from images.processing import card_drawn, card_from_image

from .models import Article


def share_card_store(*, article: Article) -> str:
    """Draw (or crop) and store the card for what the briefing is now; returns its name."""
    digest = article.share_card_digest(site_name=settings.SITE_NAME)
    name = f"cards/{digest[:24]}.jpg"
    if not default_storage.exists(name):
        image = article.lead_image
        if image:
            with default_storage.open(image.file.name, "rb") as original:
                content = card_from_image(
                    original.read(), focal_x=image.focal_x, focal_y=image.focal_y
                )
        else:
            content = card_drawn(
                title=article.title, section=article.section.name, site_name=settings.SITE_NAME
            )
        name = default_storage.save(name, ContentFile(content))
    # update(): the card is not an edit (no new revision, no re-render, no updated_at).
    Article.objects.filter(pk=article.pk).update(share_card=name, share_card_source=digest)
    purge(f"article:{article.pk}")
    return name
