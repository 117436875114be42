import pytest

from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_lead_image_is_shown_with_its_alt_text_size_and_credit(client):
    image = make_image(alt="A rack of GPUs", credit="Photo: Demo", renditions=True)
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    lead = html[html.index('<figure class="article__lead">') :]
    lead = lead[: lead.index("</figure>")]
    assert '<source type="image/avif"' in lead
    assert 'alt="A rack of GPUs" width="1600" height="900" fetchpriority="high">' in lead
    assert "<figcaption>Photo: Demo</figcaption>" in lead


def test_the_briefing_alt_text_overrides_the_library_one(client):
    article = make_article(lead_image=make_image(alt="GPUs"), lead_image_alt="GPUs in Oslo")

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'alt="GPUs in Oslo"' in html


def test_uploaded_images_are_served_unless_a_front_server_does(client, settings):
    image = make_image(renditions=True)
    rendition = "/media/" + image.renditions["webp"]["400"]

    response = client.get(rendition)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"

    settings.SERVE_MEDIA = False
    assert client.get(rendition).status_code == 404
