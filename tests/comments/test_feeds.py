import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://convergence.example"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("article_feed", "application/rss+xml"), ("article_atom", "application/atom+xml")],
)
def test_a_briefings_feed_has_its_approved_comments_and_no_addresses(client, name, content_type):
    article = make_article(title="Agents pay")
    shown = make_comment(article=article, name="Ada", email="ada@example.org", body="Shown <b>")
    make_comment(article=article, status=Comment.Status.PENDING, body="Held back")
    make_comment(body="On another briefing")
    response = client.get(reverse(f"comments:{name}", args=[article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    xml = response.content.decode()
    assert "Shown &amp;lt;b&amp;gt;" in xml  # the escaped HTML body, escaped again as XML text
    assert f"https://convergence.example/comments/{shown.pk}/" in xml
    assert "Held back" not in xml and "On another briefing" not in xml
    assert "@example.org" not in xml


def test_the_site_wide_feed_has_the_latest_comments_of_published_briefings(client):
    make_comment(body="Visible everywhere")
    make_comment(article=make_article(status="draft"), body="Under a draft")
    for name in ("feed", "atom"):
        xml = client.get(reverse(f"comments:{name}")).content.decode()
        assert "Visible everywhere" in xml and "Under a draft" not in xml
        assert "@example.org" not in xml


def test_a_feed_of_an_unpublished_briefing_is_404(client):
    draft = make_article(status="draft")
    assert client.get(reverse("comments:article_feed", args=[draft.slug])).status_code == 404


def test_the_briefing_page_advertises_its_comment_feeds(client):
    article = make_article(title="Agents pay")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Comments on “Agents pay” (RSS)" '
        f'href="/articles/{article.slug}/comments/feed/">' in html
    )
    assert f'href="/articles/{article.slug}/comments/feed/atom/"' in html
