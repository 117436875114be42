"""Renditions stored beside the original: the work of the task in tasks.py, callable directly
by commands (seed_demo) that are not page views."""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .models import Image
from .processing import renditions_make
from .signals import image_changed

logger = logging.getLogger("convergence.images")


def rendition_name(image: Image, *, width: int, extension: str) -> str:
    # Named by content: a name never changes meaning, so browsers may keep it for a year.
    return f"images/r/{image.content_hash[:20]}-{width}.{extension}"


def image_renditions_store(*, image: Image) -> Image:
    """Make and store every rendition of `image`, then tell the pages that show it."""
    with default_storage.open(image.file.name, "rb") as original:
        made = renditions_make(original.read())
    renditions = {}
    for extension, widths in made.items():
        renditions[extension] = {}
        for width, content in widths.items():
            name = rendition_name(image, width=width, extension=extension)
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(content))
            renditions[extension][str(width)] = name
    image.renditions = renditions
    image.save(update_fields=["renditions", "updated_at"])
    logger.info("image %s: %d renditions", image.pk, sum(len(w) for w in made.values()))
    image_changed.send(sender=Image, image=image)
    return image
