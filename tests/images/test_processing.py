"""Uploads are checked by their content and stored with no metadata (images/processing.py)."""

import io

import pytest
from PIL import Image as Pillow

from images.processing import (
    ImageRefused,
    card_drawn,
    card_from_image,
    image_clean,
    renditions_make,
)

from . import files


def test_a_phone_photo_is_stored_upright_with_no_location_or_camera_data():
    original = files.phone_photo(2000, 1500)
    assert files.carries_metadata(original)  # the test file is what it claims

    clean = image_clean(original)

    assert files.carries_metadata(clean.content) == []
    # Orientation 6 was applied to the pixels: the stored picture stands upright.
    assert (clean.width, clean.height) == (1500, 2000)
    with Pillow.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "JPEG" and stored.size == (1500, 2000)
        # Red was on the left; turned clockwise it is on top.
        assert stored.convert("RGB").getpixel((750, 100))[0] > 150


def test_every_rendition_of_a_phone_photo_is_clean_too():
    made = renditions_make(image_clean(files.phone_photo(1000, 800)).content)

    assert set(made) == {"avif", "webp", "jpg"}
    assert sorted(made["jpg"]) == [400, 800]  # never upscaled past its 800 px
    for widths in made.values():
        for content in widths.values():
            assert files.carries_metadata(content) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.svg(), "SVG images are not accepted"),
        (files.bomb(), "This image is too large"),
        (files.too_wide(), "This image is too large: at most 10000 pixels a side"),
        (files.animation(101), "This animation has 101 frames; the limit is 100."),
        (files.text_named_jpg(), "This file is not an image we can read"),
        (files.encoded("BMP"), "BMP files are not accepted"),
        (files.encoded("TIFF"), "TIFF files are not accepted"),
    ],
    ids=["svg", "bomb", "huge-dimensions", "too-many-frames", "text-as-jpg", "bmp", "tiff"],
)
def test_hostile_or_unsupported_files_are_refused_with_a_clear_reason(data, message):
    with pytest.raises(ImageRefused, match=message):
        image_clean(data)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "AVIF", "GIF"])
def test_the_web_formats_are_accepted(image_format):
    clean = image_clean(files.encoded(image_format))

    assert (clean.width, clean.height) == (640, 400)
    assert len(clean.content_hash) == 64


def test_a_short_animation_is_kept_animated_without_metadata():
    clean = image_clean(files.animation(12))

    with Pillow.open(io.BytesIO(clean.content)) as stored:
        assert stored.n_frames == 12


def test_a_drawn_share_card_is_1200_by_630():
    card = card_drawn(title="Agents get wallets " * 8, section="Agents", site_name="Convergence")

    with Pillow.open(io.BytesIO(card)) as picture:
        assert (picture.format, picture.size) == ("JPEG", (1200, 630))


def test_a_share_card_from_an_image_keeps_its_focal_point():
    # Red left half, blue right half; a tall crop around a point far right shows only blue.
    left_right = io.BytesIO()
    picture = Pillow.new("RGB", (3000, 630), "#ff0000")
    picture.paste("#0000ff", (1500, 0, 3000, 630))
    picture.save(left_right, "PNG")

    right = card_from_image(left_right.getvalue(), focal_x=0.9, focal_y=0.5)
    left = card_from_image(left_right.getvalue(), focal_x=0.1, focal_y=0.5)

    with Pillow.open(io.BytesIO(right)) as card:
        assert card.size == (1200, 630)
        assert card.getpixel((600, 315))[2] > 200  # blue
    with Pillow.open(io.BytesIO(left)) as card:
        assert card.getpixel((600, 315))[0] > 200  # red
