"""Editors upload to the library, describe images, and find them again in the picker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from images.models import Image
from tests.factories import make_image

from . import files

pytestmark = pytest.mark.django_db


def upload(editor_client, data, name="photo.jpg", **fields):
    return editor_client.post(
        reverse("admin:images_image_add"),
        {
            "upload": SimpleUploadedFile(name, data),
            "alt": "A harbour at dawn",
            "caption": "Rotterdam, early",
            "credit": "Photo: Ada Lee",
            "focal_x": "0.25",
            "focal_y": "0.75",
            **fields,
        },
    )


def test_an_editor_uploads_a_photo_and_it_is_stored_without_its_location(editor_client, media):
    response = upload(editor_client, files.phone_photo())

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.alt, image.credit, image.focal_x, image.focal_y) == (
        "A harbour at dawn",
        "Photo: Ada Lee",
        0.25,
        0.75,
    )
    assert (image.width, image.height) == (1500, 2000)
    stored = (media / image.file.name).read_bytes()
    assert files.carries_metadata(stored) == []
    assert image.file.name.startswith("images/o/") and image.content_hash[:20] in image.file.name


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (files.svg(), "logo.svg", "SVG images are not accepted"),
        (files.bomb(), "bomb.png", "This image is too large"),
        (files.too_wide(), "strip.png", "at most 10000 pixels a side"),
        (files.animation(101), "spinner.gif", "This animation has 101 frames"),
        (files.text_named_jpg(), "photo.jpg", "This file is not an image we can read"),
    ],
    ids=["svg", "bomb", "huge-dimensions", "too-many-frames", "text-as-jpg"],
)
def test_hostile_files_are_refused_on_the_form_with_the_typing_kept(
    editor_client, data, name, message
):
    response = upload(editor_client, data, name=name)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="A harbour at dawn"' in html and 'value="Photo: Ada Lee"' in html
    assert not Image.objects.exists()


def test_alt_text_is_required(editor_client):
    response = upload(editor_client, files.encoded("PNG"), alt="")

    assert response.status_code == 200
    assert not Image.objects.exists()


def test_a_focal_point_outside_the_image_is_refused(editor_client):
    response = upload(editor_client, files.encoded("PNG"), focal_x="1.5")

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 1.0." in response.content.decode()


def test_the_change_form_shows_the_preview_to_click_and_the_syntax(editor_client):
    image = make_image(alt="Chips")

    html = editor_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()

    assert 'class="focal-preview"' in html
    assert "images/focal-point.js" in html
    assert f"![Chips](image:{image.pk})" in html
    assert 'name="focal_x"' in html  # the number fields work without the script


def test_the_picker_lists_searches_and_pages_the_library(editor_client, settings):
    for n in range(30):
        make_image(alt=f"Chart {n}", data=files.encoded("PNG", size=(40 + n, 30)))
    harbour = make_image(alt="Harbour at dawn", data=files.encoded("PNG", size=(41, 77)))
    picker = reverse("admin:images_image_picker")

    first = editor_client.get(picker).content.decode()
    found = editor_client.get(picker, {"q": "harbour"}).content.decode()
    second = editor_client.get(picker, {"page": 2}).content.decode()

    assert first.count('class="image-picker__item"') == 24
    assert "Page 1 of 2" in first
    assert second.count('class="image-picker__item"') == 7
    assert found.count('class="image-picker__item"') == 1
    assert f"![Harbour at dawn](image:{harbour.pk})" in found
    assert f'data-markdown="![Harbour at dawn](image:{harbour.pk})"' in found


def test_the_picker_is_for_staff_only(client):
    response = client.get(reverse("admin:images_image_picker"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
