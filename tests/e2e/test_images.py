"""The image library in a real browser: an editor uploads a phone photo, the worker makes its
renditions, the picker puts it in a body, and readers get <picture> with clean files."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import Article
from images.models import Image
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_article, make_image, make_section, make_user
from tests.images import files


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True


@pytest.fixture
def editor_user(transactional_db):
    user = make_user(username="eda", is_staff=True, first_name="Eda", last_name="Tor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_uploads_a_photo_picks_it_for_a_body_and_readers_get_clean_pictures(
    new_page, editor_user, run_tasks, tmp_path, screenshot
):
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(files.phone_photo(2400, 1600))
    editor = new_page()
    login(editor, editor_user)

    # A hostile file first: refused on the form, the alt text kept.
    svg = tmp_path / "logo.jpg"
    svg.write_bytes(files.svg())
    editor.goto("/admin/images/image/add/")
    editor.set_input_files("#id_upload", str(svg))
    editor.fill("#id_alt", "Boats in a grey harbour at dawn")
    editor.click("input[name=_save]")
    assert "SVG images are not accepted" in editor.inner_text(".errorlist")
    assert editor.input_value("#id_alt") == "Boats in a grey harbour at dawn"

    editor.set_input_files("#id_upload", str(photo))
    editor.fill("#id_credit", "Photo: Ada Lee")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    image = Image.objects.get()
    run_tasks()  # the worker makes the renditions
    image.refresh_from_db()
    assert image.renditions_ready

    # The focal point is set by a click on the preview.
    editor.goto(f"/admin/images/image/{image.pk}/change/")
    box = editor.locator(".focal-preview img").bounding_box()
    editor.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    assert editor.input_value("#id_focal_x") == "0.80"
    assert editor.input_value("#id_focal_y") == "0.20"
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.8, 0.2)

    # The picker in the body field inserts the syntax at the cursor.
    for n in range(3):
        make_image(alt=f"Chart number {n}", renditions=True)
    article = make_article(
        title="Harbours go on-chain",
        author=editor_user,
        section=make_section(name="Infrastructure", slug="infrastructure"),
        body="## Ports\n\nCargo moves.\n\n## Ledgers\n\nSo do records.",
        lead_image=Image.objects.get(alt="Chart number 0"),
    )
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.set_viewport_size({"width": 1280, "height": 900})
    editor.locator("#id_body").click()
    editor.keyboard.press("Control+End")
    editor.click("text=Insert an image…")
    editor.wait_for_selector("dialog[open] .image-picker__item")
    editor.fill("dialog[open] input[type=search]", "harbour")
    editor.press("dialog[open] input[type=search]", "Enter")
    expect(editor.locator("dialog[open] .image-picker__item")).to_have_count(1)
    screenshot(editor, "image-picker")
    editor.click("dialog[open] .image-picker__insert")
    assert editor.input_value("#id_body").endswith(
        f"So do records.\n\n![Boats in a grey harbour at dawn](image:{image.pk})\n\n"
    )
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    article = Article.objects.get(pk=article.pk)
    assert article.body_html.count("<picture>") == 1
    run_tasks()  # the share card

    # Readers: <picture> with modern formats, nothing shifts, every served file is clean.
    for viewport in ("phone", "desktop"):
        for scheme in ("light", "dark"):
            reader = new_page(viewport, color_scheme=scheme)
            reader.goto(article.get_absolute_url())  # waits for the load event: the lead
            reader.locator(".article-figure img").scroll_into_view_if_needed()
            for picture in reader.locator("article picture img").all():
                expect(picture).to_have_js_property("complete", True)
                assert picture.evaluate("img => img.naturalWidth") > 0
            sources = reader.eval_on_selector_all(
                "article picture img", "els => els.map(e => e.currentSrc)"
            )
            assert len(sources) == 2
            assert all(src.endswith((".avif", ".webp")) for src in sources), sources
            for src in sources:
                response = reader.request.get(src)
                assert response.ok and files.carries_metadata(response.body()) == [], src
            reader.evaluate("window.scrollTo(0, 0)")
            screenshot(reader, f"article-images-{viewport}-{scheme}")
    assert_accessible(reader)

    article.refresh_from_db()
    card = new_page()
    card.goto(f"/media/{article.share_card}")
    screenshot(card, "share-card")
    size = card.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1200, 630]

    # Without a lead image the card is drawn from the title, section and site name.
    plain = make_article(
        title="Agents get wallets: who pays when software buys", author=editor_user
    )
    run_tasks()
    plain.refresh_from_db()
    card.set_viewport_size({"width": 1200, "height": 630})
    card.goto(f"/media/{plain.share_card}")
    screenshot(card, "share-card-drawn")
