from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def png(width=40, height=20):
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("lead.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_lead_image_is_shown_with_its_alt_text_size_and_credit(client, media):
    article = make_article(
        lead_image=png(), lead_image_alt="A rack of GPUs", lead_image_credit="Photo: Demo"
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'src="{article.lead_image.url}"' in html
    assert 'alt="A rack of GPUs" width="40" height="20"' in html
    assert "<figcaption>Photo: Demo</figcaption>" in html


def test_uploaded_images_are_served_only_where_configured(client, media, settings):
    article = make_article(lead_image=png(), lead_image_alt="Chart")

    settings.SERVE_MEDIA = True
    response = client.get(article.lead_image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"

    settings.SERVE_MEDIA = False
    assert client.get(article.lead_image.url).status_code == 404
