"""Deleting moves a briefing to the trash: gone from the site, restorable with its tags and
comments; deleted for good only from the trash."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.caching import next_publication
from articles.models import Article
from comments.models import Comment
from staff.models import AuditEvent
from tests.factories import make_article, make_comment
from tests.purges import purged_at

pytestmark = pytest.mark.django_db


def test_deleting_moves_to_the_trash_and_off_every_public_page(client, editor_client):
    article = make_article(title="Soon gone", tags=["Bitcoin"])
    make_comment(article=article, body="A kept thought.")

    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}, follow=True
    )

    assert "moved to the trash" in response.content.decode()
    article.refresh_from_db()
    assert article.is_trashed and not article.is_published
    assert AuditEvent.objects.filter(action="delete", target_id=str(article.pk)).exists()
    for url in [article.get_absolute_url(), "/", "/tags/bitcoin/", "/feed/"]:
        page = client.get(url)
        assert "Soon gone" not in page.content.decode(), url
    assert client.get(article.get_absolute_url()).status_code == 404
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert "Soon gone" not in changelist.content.decode()
    trash = editor_client.get(reverse("admin:articles_trashedarticle_changelist"))
    assert "Soon gone" in trash.content.decode()


def test_restoring_from_the_trash_brings_back_tags_and_comments(client, editor_client):
    article = make_article(title="Back again", tags=["Bitcoin", "Agents"])
    make_comment(article=article, body="A kept thought.")
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk]},
    )

    editor_client.post(
        reverse("admin:articles_trashedarticle_changelist"),
        {"action": "restore", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert not article.is_trashed
    assert article.status == Article.Status.DRAFT  # an editor publishes it again, knowingly
    assert sorted(article.tags.names()) == ["Agents", "Bitcoin"]
    assert Comment.objects.filter(article=article, body="A kept thought.").exists()
    assert AuditEvent.objects.filter(action="restore", detail="from the trash").exists()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    assert "A kept thought." in client.get(article.get_absolute_url()).content.decode()


def test_a_briefing_is_deleted_for_good_only_from_the_trash(editor_client):
    article = make_article(title="Forever")
    make_comment(article=article)
    trash = reverse("admin:articles_trashedarticle_changelist")

    editor_client.post(
        trash, {"action": "delete_forever", "_selected_action": [article.pk], "post": "yes"}
    )
    assert Article.objects.filter(pk=article.pk).exists()  # not in the trash: untouched

    editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    confirm = editor_client.post(
        trash, {"action": "delete_forever", "_selected_action": [article.pk]}
    )
    assert "comment" in confirm.content.decode().lower()  # the confirmation lists them
    editor_client.post(
        trash, {"action": "delete_forever", "_selected_action": [article.pk], "post": "yes"}
    )

    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Comment.objects.filter(article_id=article.pk).exists()


def test_writers_cannot_delete_or_see_the_trash(client, writer):
    article = make_article(author=writer, status=Article.Status.DRAFT)
    client.force_login(writer)

    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert not Article.objects.get(pk=article.pk).is_trashed
    assert client.get(reverse("admin:articles_trashedarticle_changelist")).status_code == 403


def test_the_history_of_a_trashed_briefing_stays_readable(editor_client, editor):
    article = make_article()
    editor_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert response.status_code == 200
    assert "Moved to the trash" in response.content.decode()


@pytest.mark.parametrize("service", ["trash", "untrash", "publish"])
def test_trash_restore_and_publish_purge_the_briefings_pages(
    editor, service, django_capture_on_commit_callbacks
):
    article = make_article(status=Article.Status.DRAFT if service == "publish" else "published")
    if service == "untrash":
        services.article_trash(article=article, user=editor)
    cache_keys = [f"article:{article.pk}", "list", "feeds"]

    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, f"article_{service}")(article=article, user=editor)

    assert set(purged_at(cache_keys)) == set(cache_keys)


def test_a_scheduled_briefing_in_the_trash_is_not_the_next_publication():
    now = timezone.now()
    make_article(publish_at=now + timedelta(hours=1), trashed_at=now)
    later = make_article(publish_at=now + timedelta(days=1))

    assert next_publication(now) == later.publish_at
