"""Library images on briefing pages: the lead, inline ones in the body, and their safety."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.rendering import render_markdown
from images.renditions import image_renditions_store
from sponsors.models import Placement
from tests.factories import make_article, make_image, make_placement, make_section
from tests.purges import purged_at
from tests.sponsors.test_admin import placement_form

from . import files

pytestmark = pytest.mark.django_db


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def test_an_inline_image_becomes_a_figure_with_sources_sizes_and_caption():
    image = make_image(alt="Library alt", caption="A caption", credit="Photo: Ada", renditions=True)

    html = render_markdown(f"Intro.\n\n![](image:{image.pk})\n\nMore.").html

    (picture,) = pictures(html)
    assert '<figure class="article-figure"><picture>' in html
    assert "<figcaption>A caption · Photo: Ada</figcaption></figure>" in html
    assert '<source type="image/avif" srcset="/media/images/r/' in picture
    assert '<source type="image/webp"' in picture
    assert re.search(r'srcset="[^"]*-400\.jpg 400w, [^"]*-800\.jpg 800w', picture)
    assert 'sizes="(max-width: 720px) calc(100vw - 2rem), 672px"' in picture
    assert 'alt="Library alt" width="1600" height="900" loading="lazy" decoding="async"' in picture


def test_the_writer_alt_text_wins_and_is_escaped():
    image = make_image(alt="Library alt", renditions=True)

    html = render_markdown(f'Look: ![A "quoted" <b>alt</b>](image:{image.pk}) inline.').html

    assert 'alt="A &quot;quoted&quot; &lt;b&gt;alt&lt;/b&gt;"' in html
    assert "<figure" not in html  # inside a sentence it stays inline


def test_before_its_renditions_exist_an_image_is_its_stripped_original():
    image = make_image(alt="Waiting")

    html = render_markdown(f"![](image:{image.pk})").html

    assert f'<img src="/media/{image.file.name}" alt="Waiting" width="1600" height="900"' in html
    assert "<picture>" not in html


def test_an_unknown_image_is_dropped_and_a_writer_cannot_inject_picture_markup():
    body = (
        "![](image:999999)\n\n"
        '<picture><source srcset="https://evil.example/x.avif 1w" type="image/avif">'
        '<img src="https://evil.example/x.jpg" srcset="https://evil.example/y.jpg 1w" '
        'onerror="alert(1)" alt="x"></picture>\n\n'
        '<a href="image:3">link</a>'
    )

    html = render_markdown(body).html

    assert "<picture" not in html and "<source" not in html
    assert "srcset" not in html and "onerror" not in html
    assert "image:999999" not in html


def test_the_briefing_form_refuses_a_body_naming_a_missing_image(editor_client, editor):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Pictured",
            "slug": "pictured",
            "summary": "With pictures.",
            "body": "Text.\n\n![](image:424242)",
            "section": make_section().pk,
            "author": editor.pk,
            "status": "draft",
            "comments_enabled": "on",
        },
    )

    assert response.status_code == 200
    assert "No image numbered 424242 in the library." in response.content.decode()


def test_a_lead_image_uploaded_on_the_briefing_form_joins_the_library(editor_client, editor):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Pictured",
            "slug": "pictured",
            "summary": "With pictures.",
            "body": "Text.",
            "section": make_section().pk,
            "author": editor.pk,
            "status": "published",
            "publish_at_0": (timezone.now() - timedelta(minutes=1)).strftime("%Y-%m-%d"),
            "publish_at_1": (timezone.now() - timedelta(minutes=1)).strftime("%H:%M:%S"),
            "comments_enabled": "on",
            "lead_image": SimpleUploadedFile("harbour.jpg", files.phone_photo()),
            "lead_image_alt": "A harbour at dawn",
            "lead_image_credit": "Photo: Ada Lee",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.select_related("lead_image").get(slug="pictured")
    assert article.lead_image.alt == "A harbour at dawn"
    assert article.lead_image.credit == "Photo: Ada Lee"


def test_an_editor_picks_a_library_image_as_lead_and_removes_it(editor_client, editor):
    article = make_article(author=editor)
    image = make_image(alt="Chips")
    change = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(change).context["adminform"].form
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "tags": "",
        "status": "published",
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
        "section": article.section_id,
        "author": article.author_id,
        "comments_enabled": "on",
    }
    data.pop("publish_at", None)

    picked = editor_client.post(change, {**data, "lead_image_pick": image.pk})
    assert picked.status_code == 302, picked.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.lead_image == image

    # Saved from the copy just saved: the version that save made.
    removed = editor_client.post(
        change, {**data, "lead_image_pick": "", "version": article.version}
    )
    assert removed.status_code == 302
    article.refresh_from_db()
    assert article.lead_image is None


def test_the_lead_image_is_preloaded_and_loaded_first(client):
    article = make_article(lead_image=make_image(alt="Lead", renditions=True))

    html = client.get(article.get_absolute_url()).content.decode()

    head = html[: html.index("</head>")]
    assert re.search(
        r'<link rel="preload" as="image" type="image/avif" imagesrcset="[^"]+-400\.avif 400w,'
        r'[^"]+" imagesizes="[^"]+" fetchpriority="high">',
        head,
    )
    lead = pictures(html)[0]
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead


def test_the_article_page_costs_the_same_queries_with_a_lead_and_three_inline_images(
    client,
):
    plain = make_article()
    images = [make_image(renditions=True) for _ in range(4)]
    body = "\n\n".join(f"Part {n}.\n\n![](image:{image.pk})" for n, image in enumerate(images[1:]))
    pictured = make_article(lead_image=images[0], body=body, section=plain.section)
    for article in (plain, pictured):  # warm the navigation, the strip, the comment threads
        client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as pictured_queries:
        html = client.get(pictured.get_absolute_url()).content.decode()

    assert len(pictures(html)) == 4
    assert len(pictured_queries) == len(plain_queries), [q["sql"] for q in pictured_queries]


def test_feeds_carry_inline_images_with_absolute_urls(client, settings):
    settings.SITE_URL = "https://convergence.example"
    image = make_image(alt="Chips", renditions=True)
    make_article(body=f"![](image:{image.pk})")

    feed = client.get("/feed/").content.decode()

    assert 'srcset="https://convergence.example/media/images/r/' in feed
    assert '"/media/' not in feed and ", /media/" not in feed


def test_a_sponsor_can_show_a_library_image_and_uploads_are_stripped(editor_client, media):
    photo = SimpleUploadedFile("ad.jpg", files.phone_photo(400, 300), content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:sponsors_placement_add"), placement_form(image=photo, image_alt="Logo")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    placement = Placement.objects.get()
    assert files.carries_metadata((media / placement.image.name).read_bytes()) == []

    placement.library_image = make_image(alt="Logo", renditions=True)
    placement.save()
    html = render_to_string("sponsors/placement.html", {"placement": placement})
    assert '<source type="image/avif"' in html and 'alt="Logo"' in html


def test_sponsor_pages_are_purged_when_their_library_image_is_ready(
    django_capture_on_commit_callbacks,
):
    image = make_image(alt="Logo")
    make_placement(library_image=image)

    with django_capture_on_commit_callbacks(execute=True):
        image_renditions_store(image=image)

    assert "sponsors" in purged_at(["sponsors"])
