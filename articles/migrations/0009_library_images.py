"""Lead images move into the image library (images.Image): each uploaded file becomes a
library image, stripped of its metadata; briefings point at it. Share cards get their fields."""

import hashlib
import io

import django.db.models.deletion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models
from PIL import Image as Pillow
from PIL import ImageOps


def lead_images_to_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    for article in Article.objects.exclude(lead_image=""):
        name = article.lead_image.name
        try:
            with default_storage.open(name, "rb") as old:
                data = old.read()
            with Pillow.open(io.BytesIO(data)) as picture:
                picture.load()
                file_format = picture.format
                clean = ImageOps.exif_transpose(picture)
        except (OSError, ValueError, SyntaxError):
            continue  # a missing or unreadable file: the briefing loses its lead image
        # Pixels only, no EXIF/XMP/ICC: the same rule as new uploads (images/processing.py).
        clean.info = {}
        buffer = io.BytesIO()
        clean.save(buffer, file_format if file_format in {"JPEG", "PNG", "WEBP", "GIF"} else "PNG")
        content = buffer.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}.get(file_format, "png")
        stored = default_storage.save(f"images/o/{digest[:20]}.{extension}", ContentFile(content))
        image = Image.objects.create(
            file=stored,
            alt=article.lead_image_alt or article.title,
            credit=article.lead_image_credit,
            width=clean.width,
            height=clean.height,
            content_hash=digest,
        )
        Article.objects.filter(pk=article.pk).update(lead_picture=image)
        default_storage.delete(name)  # it carried the metadata


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_preview_links"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="lead_picture",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.RunPython(lead_images_to_library, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(model_name="article", name="lead_image_has_alt_text"),
        migrations.RemoveField(model_name="article", name="lead_image"),
        migrations.RemoveField(model_name="article", name="lead_image_credit"),
        migrations.RenameField(model_name="article", old_name="lead_picture", new_name="lead_image"),
        migrations.AlterField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_of",
                to="images.image",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image_alt",
            field=models.CharField(
                blank=True,
                help_text="What the image shows here; empty uses the library's alt text.",
                max_length=250,
                verbose_name="lead image alt text",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="share_card",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="article",
            name="share_card_source",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
    ]
