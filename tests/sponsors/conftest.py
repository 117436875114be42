import itertools
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sponsors.models import Placement

_seq = itertools.count(1)


def make_placement(**fields):
    """A placement running today in every web slot unless told otherwise."""
    n = next(_seq)
    today = timezone.localdate()
    fields.setdefault("sponsor_name", f"Sponsor {n}")
    fields.setdefault("headline", f"Headline of placement {n}")
    fields.setdefault("text", f"Text of placement {n}.")
    fields.setdefault("url", f"https://sponsor{n}.example/offer")
    fields.setdefault("starts_on", today - timedelta(days=1))
    fields.setdefault("ends_on", today + timedelta(days=7))
    fields.setdefault("runs_in_ticker", True)
    fields.setdefault("runs_in_newsletter", True)
    return Placement.objects.create(**fields)


def png(width=160, height=90, name="ad.png"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
