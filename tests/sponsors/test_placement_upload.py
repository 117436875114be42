"""A placement's upload is refused for the same reasons, in the same words, as the library's."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from images.forms import ImageUploadField

from .test_admin import placement_form

pytestmark = pytest.mark.django_db


def bitmap():
    buffer = BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, "BMP")
    return SimpleUploadedFile("ad.bmp", buffer.getvalue(), content_type="image/bmp")


def test_a_placement_upload_is_refused_as_the_library_refuses_it(editor_client, media):
    with pytest.raises(ValidationError) as library:
        ImageUploadField().clean(bitmap())

    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=bitmap(), image_alt="Logo")
    )

    [placement] = response.context["adminform"].form.errors.as_data()["image"]
    assert (placement.messages, placement.code) == (library.value.messages, library.value.code)
