"""Writes to the library: the admin, the article form, commands and the worker call these."""

from django.core.files.base import ContentFile
from django.db import transaction

from .models import Image
from .processing import CleanImage, image_clean
from .signals import image_changed
from .tasks import image_renditions_make


@transaction.atomic
def image_create(
    *,
    clean: CleanImage,
    alt: str,
    caption: str = "",
    credit: str = "",
    focal_x: float = 0.5,
    focal_y: float = 0.5,
) -> Image:
    """Store an upload already checked and stripped by `image_clean`; its renditions are
    queued for the task worker once the transaction commits."""
    image = Image(
        alt=alt.strip(),
        caption=caption,
        credit=credit,
        focal_x=focal_x,
        focal_y=focal_y,
        width=clean.width,
        height=clean.height,
        content_hash=clean.content_hash,
    )
    image.file.save(
        f"{clean.content_hash[:20]}.{clean.extension}", ContentFile(clean.content), save=False
    )
    image.full_clean()
    image.save()
    renditions_enqueue(image=image)
    return image


def image_create_from_bytes(*, data: bytes, alt: str, **fields) -> Image:
    """For code that holds raw bytes (the demo seed, migrations of old uploads)."""
    return image_create(clean=image_clean(data), alt=alt, **fields)


def renditions_enqueue(*, image: Image) -> None:
    pk = image.pk
    transaction.on_commit(lambda: image_renditions_make.enqueue(image_id=pk))


@transaction.atomic
def image_update(*, image: Image) -> Image:
    """Save what an editor changed (alt, caption, credit, focal point); pages that show the
    image hear of it."""
    image.full_clean()
    image.save()
    image_changed.send(sender=Image, image=image)
    return image
