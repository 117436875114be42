"""Renditions and share cards are made by the real task worker (`manage.py db_worker`), never
during a page view; pages that show an image are brought up to date when they are ready."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as Pillow

from articles.models import Article
from images.models import Image
from tests.factories import make_article, make_editor, make_image
from tests.purges import purged_at

from . import files


@pytest.fixture
def editor_client(client, run_tasks):
    client.force_login(make_editor())
    return client


def served(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_an_upload_gets_its_renditions_from_the_worker_and_no_served_file_has_metadata(
    editor_client, run_tasks
):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        {
            "upload": SimpleUploadedFile("harbour.jpg", files.phone_photo(2000, 1500)),
            "alt": "A harbour",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions == {}  # nothing made during the request

    run_tasks()

    image.refresh_from_db()
    assert {ext: sorted(widths, key=int) for ext, widths in image.renditions.items()} == {
        "avif": ["400", "800", "1200"],  # 1500 px wide once upright: no 1600
        "webp": ["400", "800", "1200"],
        "jpg": ["400", "800", "1200"],
    }
    names = [image.file.name, *(n for w in image.renditions.values() for n in w.values())]
    for name in names:
        data = served(editor_client, f"/media/{name}")
        assert files.carries_metadata(data) == [], name
    with Pillow.open(
        io.BytesIO(served(editor_client, "/media/" + image.renditions["avif"]["800"]))
    ) as avif:
        assert (avif.format, avif.size) == ("AVIF", (800, 1067))


def test_a_body_shows_the_original_until_the_worker_is_done_then_its_page_is_purged(
    client, run_tasks
):
    image = make_image(alt="Chips")
    article = make_article(body=f"Intro.\n\n![](image:{image.pk})")
    assert "<picture>" not in Article.objects.get(pk=article.pk).body_html
    before = purged_at([f"article:{article.pk}"]).get(f"article:{article.pk}", 0)

    run_tasks()

    article.refresh_from_db()
    assert article.body_html.count("<picture>") == 1
    assert purged_at([f"article:{article.pk}"])[f"article:{article.pk}"] > before
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/avif"' in html


def test_every_briefing_gets_a_1200_by_630_share_card_remade_when_its_title_changes(
    client, run_tasks
):
    article = make_article(title="Agents get wallets")
    run_tasks()
    article.refresh_from_db()
    first = article.share_card

    html = client.get(article.get_absolute_url()).content.decode()
    (og_image,) = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert og_image.endswith(f"/media/{first}")
    with Pillow.open(io.BytesIO(served(client, f"/media/{first}"))) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))

    article.title = "Agents get wallets, and spend them"
    article.save()
    run_tasks()
    article.refresh_from_db()
    assert article.share_card != first


def test_a_lead_image_card_is_cropped_from_the_image(client, run_tasks):
    article = make_article(lead_image=make_image(alt="Teal"))
    run_tasks()
    article.refresh_from_db()

    with Pillow.open(io.BytesIO(served(client, f"/media/{article.share_card}"))) as card:
        assert card.size == (1200, 630)
        red, green, blue = card.convert("RGB").getpixel((600, 315))
        assert green > 100 and blue > 100 and red < 40  # teal, not a drawn card


def test_a_new_alt_text_reaches_the_bodies_that_use_the_image(editor_client):
    image = make_image(alt="Old words", renditions=True)
    article = make_article(body=f"![](image:{image.pk})")

    response = editor_client.post(
        reverse("admin:images_image_change", args=[image.pk]),
        {"alt": "New words", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert 'alt="New words"' in article.body_html


def test_make_renditions_catches_up_images_without_them(run_tasks):
    image = make_image(alt="Moved in")
    out = io.StringIO()

    call_command("make_renditions", stdout=out)

    image.refresh_from_db()
    assert image.renditions_ready
    assert "Renditions made for 1 image(s)." in out.getvalue()


def test_renaming_a_section_redraws_the_cards_that_name_it(run_tasks):
    article = make_article(title="Agents get wallets")
    run_tasks()
    article.refresh_from_db()
    first = article.share_card

    article.section.name = "Autonomous agents"
    article.section.save()
    run_tasks()

    article.refresh_from_db()
    assert article.share_card != first
