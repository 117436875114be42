from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sponsors.models import AdvertisePage, Enquiry, Placement
from tests.factories import make_placement

from .conftest import png

pytestmark = pytest.mark.django_db


def placement_form(**overrides):
    today = timezone.localdate()
    data = {
        "sponsor_name": "Lattice Labs",
        "headline": "Private inference on sealed GPUs",
        "text": "Run models on data you cannot see.",
        "url": "https://lattice.example/sealed",
        "image_alt": "",
        "runs_under_briefing": "on",
        "runs_on_home": "on",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=6)).isoformat(),
        "weight": "1",
        "is_active": "on",
    }
    return {**data, **overrides}


def test_an_editor_books_a_placement_and_readers_see_it(editor_client, client):
    from tests.factories import make_article

    article = make_article()
    response = editor_client.post(reverse("admin:sponsors_placement_add"), placement_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    placement = Placement.objects.get()
    assert placement.slots == ["article", "home"]
    assert (
        "Private inference on sealed GPUs"
        in client.get(article.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"url": "javascript:alert(document.cookie)"}, "url", "Enter a valid URL."),
        ({"url": "ftp://lattice.example/file"}, "url", "Enter a valid URL."),
        (
            {"starts_on": "2026-05-10", "ends_on": "2026-05-01"},
            "ends_on",
            "The last day cannot be before the first day.",
        ),
        ({"runs_under_briefing": "", "runs_on_home": ""}, "runs_under_briefing", "at least one"),
        ({"weight": "0"}, None, "weight"),
    ],
)
def test_bad_placements_are_refused_with_the_typing_kept(editor_client, overrides, field, message):
    data = placement_form(**overrides)
    for name, value in list(data.items()):
        if value == "":
            del data[name]
    data.setdefault("image_alt", "")

    response = editor_client.post(reverse("admin:sponsors_placement_add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    errors = " ".join(str(e) for e in (form.errors.get(field) if field else form.errors.values()))
    assert message in errors
    assert form["headline"].value() == "Private inference on sealed GPUs"
    assert not Placement.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(editor_client, media):
    fake = SimpleUploadedFile("ad.png", b"<?php echo 'hi'; ?>", content_type="image/png")

    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=fake, image_alt="Logo")
    )

    assert "Upload a valid image" in str(response.context["adminform"].form.errors["image"])
    assert not Placement.objects.exists()


def test_a_too_large_image_is_refused_with_its_size(editor_client, media, settings):
    settings.SPONSORS_IMAGE_MAX_BYTES = 1000
    from PIL import Image

    buffer = BytesIO()
    Image.effect_noise((200, 200), 80).convert("RGB").save(buffer, "PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")

    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=big, image_alt="Noise")
    )

    errors = str(response.context["adminform"].form.errors["image"])
    assert "the limit is 1000" in errors
    assert not Placement.objects.exists()


def test_an_image_without_alt_text_is_refused(editor_client, media):
    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=png())
    )

    errors = response.context["adminform"].form.errors
    assert "Describe the image" in str(errors["image_alt"])


def test_the_list_shows_what_runs_where_today_and_the_clicks(editor_client):
    home = make_placement(sponsor_name="Home Co", runs_under_briefing=False, runs_in_ticker=False)
    Placement.objects.filter(pk=home.pk).update(clicks=42)
    make_placement(
        sponsor_name="Later Co",
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=9),
    )

    response = editor_client.get(reverse("admin:sponsors_placement_changelist"))

    html = response.content.decode()
    assert "Running today" in html
    assert response.context["running_today"][1] == ("Home page, between cards", home)
    assert response.context["running_today"][0][1] is None  # under briefings: our own block
    assert '<td class="field-clicks">42</td>' in html
    assert "Impressions are not counted" in html


def test_the_running_filter(editor_client):
    make_placement(headline="Now on")
    make_placement(
        headline="Soon on",
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=9),
    )

    response = editor_client.get(
        reverse("admin:sponsors_placement_changelist") + "?running=upcoming"
    )

    assert [p.headline for p in response.context["cl"].result_list] == ["Soon on"]


def test_enquiries_are_listed_with_an_editable_status(editor_client):
    enquiry = Enquiry.objects.create(
        name="Ada", company="Engines", email="ada@e.example", budget="unsure", message="Hi"
    )

    changelist = reverse("admin:sponsors_enquiry_changelist")
    html = editor_client.get(changelist).content.decode()
    assert "Engines" in html and 'name="form-0-status"' in html

    response = editor_client.post(
        reverse("admin:sponsors_enquiry_change", args=[enquiry.pk]), {"status": "answered"}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.message) == ("answered", "Hi")
    assert editor_client.get(reverse("admin:sponsors_enquiry_add")).status_code == 403


def test_the_advertise_text_is_edited_in_the_admin_and_sanitised(editor_client, client):
    response = editor_client.post(
        reverse("admin:sponsors_advertisepage_change", args=[1]),
        {
            "title": "Work with us",
            "intro": "Hello <script>alert(1)</script> **readers**",
            "offer": "## Rates\n\nAsk.",
        },
    )

    assert response.status_code == 302
    html = client.get("/advertise/").content.decode()
    assert "<strong>readers</strong>" in html and "<script>alert" not in html
    assert "Work with us" in html
    assert AdvertisePage.objects.count() == 1
    assert editor_client.get(reverse("admin:sponsors_advertisepage_add")).status_code == 403


def test_editors_have_exactly_the_sponsor_permissions_they_need():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="sponsors")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "add_placement",
        "change_placement",
        "delete_placement",
        "view_placement",
        "change_enquiry",
        "view_enquiry",
        "change_advertisepage",
        "view_advertisepage",
    }


def test_the_advertise_page_list_opens_its_one_page(editor_client):
    response = editor_client.get(reverse("admin:sponsors_advertisepage_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sponsors_advertisepage_change", args=[1])


def test_only_web_image_formats_are_accepted(editor_client, media):
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, "BMP")
    bitmap = SimpleUploadedFile("ad.bmp", buffer.getvalue(), content_type="image/bmp")

    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=bitmap, image_alt="Logo")
    )

    # Checked by content (images/processing.py), not only by name.
    assert "BMP files are not accepted" in str(response.context["adminform"].form.errors["image"])


def test_the_admin_offers_no_view_on_site_link_that_would_count_a_click(editor_client):
    placement = make_placement()
    html = editor_client.get(
        reverse("admin:sponsors_placement_change", args=[placement.pk])
    ).content.decode()
    assert placement.get_absolute_url() not in html
