from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet

from .models import Image


def images_by_ids(ids) -> dict[int, Image]:
    """The library images with these ids, in one query."""
    return Image.objects.in_bulk(set(ids))


def images_search(query: str) -> QuerySet[Image]:
    images = Image.objects.all()
    query = query.strip()[:100]
    if query.isdigit():
        return images.filter(pk=int(query))
    for word in query.split():
        images = images.filter(
            Q(alt__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    return images


def thumbnail_url(image: Image, *, width: int = 400) -> str:
    """The largest WebP rendition up to `width` (the smallest if none is that small, the
    original while there is none): for the admin."""
    return default_storage.url(image.rendition_at_most("webp", width) or image.file.name)
