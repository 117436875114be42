"""Lead images uploaded before the library become library images, stripped of metadata."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import make_historical_article

from . import files

BEFORE = [("articles", "0008_preview_links"), ("images", "0001_initial")]
AFTER = [("articles", "0010_editors_manage_images")]


def test_old_lead_images_move_into_the_library_without_their_metadata(migrate_to):
    old = migrate_to(BEFORE)
    name = default_storage.save("lead/2026/11/phone.jpg", ContentFile(files.phone_photo(800, 600)))
    article = make_historical_article(
        old,
        lead_image=name,
        lead_image_alt="A harbour",
        lead_image_credit="Photo: Ada",
    )

    new = migrate_to(AFTER)
    moved = new.get_model("articles", "Article").objects.get(pk=article.pk)
    image = new.get_model("images", "Image").objects.get(pk=moved.lead_image_id)
    assert (image.alt, image.credit, image.width, image.height) == (
        "A harbour",
        "Photo: Ada",
        600,  # turned upright by its EXIF orientation
        800,
    )
    with default_storage.open(image.file.name, "rb") as stored:
        assert files.carries_metadata(stored.read()) == []
    assert not default_storage.exists(name)  # the file with the GPS position is gone
