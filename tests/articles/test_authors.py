from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import demo_content
from articles.models import Article, AuthorProfile
from tests.articles.pages import card_titles
from tests.factories import make_article, make_articles, make_user

pytestmark = pytest.mark.django_db


def author_url(user):
    return reverse("articles:author", kwargs={"username": user.username})


def test_author_page_shows_name_bio_and_their_published_briefings(client):
    maya = make_user(first_name="Maya", last_name="Okafor", username="maya.okafor")
    AuthorProfile.objects.create(user=maya, bio="Maya covers agents & wallets.")
    make_article(title="Mine, older", author=maya, publish_at=timezone.now() - timedelta(days=2))
    make_article(title="Mine, newer", author=maya, publish_at=timezone.now() - timedelta(hours=1))
    make_article(title="My draft", author=maya, status=Article.Status.DRAFT)
    make_article(title="Someone else's")

    response = client.get(author_url(maya))

    assert response.status_code == 200
    assert card_titles(response) == ["Mine, newer", "Mine, older"]
    html = response.content.decode()
    assert '<h1 class="page-title">Maya Okafor</h1>' in html
    assert "Maya covers agents &amp; wallets." in html
    assert '<meta name="description" content="Maya covers agents &amp; wallets.">' in html
    assert "2 briefings" in html


def test_author_without_profile_still_has_a_page(client):
    writer = make_user(first_name="Ada", last_name="Writer")
    make_article(author=writer)

    response = client.get(author_url(writer))

    assert response.status_code == 200
    assert "Ada Writer" in response.content.decode()


def test_accounts_without_published_briefings_have_no_public_page(client):
    drafter = make_user()
    make_article(author=drafter, status=Article.Status.DRAFT)

    assert client.get(author_url(drafter)).status_code == 404
    assert client.get(author_url(make_user())).status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_author_page_queries_do_not_grow(client, size, django_assert_num_queries):
    author = make_user()
    AuthorProfile.objects.create(user=author, bio="Bio.")
    make_articles(size, author=author, tags=["Ethereum", "DePIN"])
    client.get("/")  # warms the cached section navigation

    # the author with profile, count, page, tags
    with django_assert_num_queries(4):
        assert client.get(author_url(author)).status_code == 200


def test_seed_demo_gives_authors_their_bios_once(client):
    call_command("seed_demo", stdout=StringIO())
    first = demo_content.AUTHORS[0]
    profile = AuthorProfile.objects.get(user__username=first["username"])
    assert profile.bio == first["bio"]
    profile.bio = "Edited by a person."
    profile.save()

    call_command("seed_demo", stdout=StringIO())

    assert AuthorProfile.objects.count() == len(demo_content.AUTHORS)
    assert AuthorProfile.objects.get(pk=profile.pk).bio == "Edited by a person."
    assert first["bio"][:40] not in client.get(author_url(profile.user)).content.decode()
