"""The thread fragment: drawn once per change, shared by every reader, never personal."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_edit, comments_moderate
from tests.comments.conftest import form_data
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def public_page(article, **params) -> str:
    return Client().get(article.get_absolute_url(), params).content.decode()


def test_the_thread_is_drawn_once_then_read_from_the_cache(client, django_assert_num_queries):
    article = make_article()
    make_comment(article=article, body="Cached words")
    client.get("/")
    with django_assert_num_queries(3):  # the briefing and its tags, then the thread, once
        client.get(article.get_absolute_url())
    with django_assert_num_queries(2):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "Cached words" in html


@pytest.mark.parametrize("change", ["create", "approve", "remove", "spam", "edit", "admin"])
def test_every_comment_change_replaces_the_cached_thread(
    admin_client, django_capture_on_commit_callbacks, change
):
    article = make_article()
    comment = make_comment(article=article, body="Before the change")
    held = make_comment(article=article, body="Held so far", status=Status.PENDING)
    assert "Before the change" in public_page(article)
    with django_capture_on_commit_callbacks(execute=True):
        expected, gone = _change(change, admin_client, article, comment, held)
    html = public_page(article)
    if expected:
        assert expected in html
    if gone:
        assert gone not in html


def _change(change, admin_client, article, comment, held):
    match change:
        case "create":
            make_comment(article=article, body="A new voice")
            expected, gone = "A new voice", None
        case "approve":
            comments_moderate(ids=[held.pk], status=Status.APPROVED)
            expected, gone = "Held so far", None
        case "remove" | "spam":
            comments_moderate(ids=[comment.pk], status={"remove": "removed"}.get(change, change))
            expected, gone = None, "Before the change"
        case "edit":
            comment_edit(comment=comment, body="After the change")
            expected, gone = "After the change", "Before the change"
        case "admin":
            url = reverse("admin:comments_comment_change", args=[held.pk])
            admin_client.post(
                url,
                {
                    "status": "approved",
                    "name": held.name,
                    "email": held.email,
                    "url": "",
                    "body": held.body,
                    "revisions-TOTAL_FORMS": 0,
                    "revisions-INITIAL_FORMS": 0,
                },
            )
            expected, gone = "Held so far", None
    return expected, gone


def test_nothing_personal_enters_the_shared_thread(client):
    article = make_article()
    make_comment(article=article, email="nadia@example.org")  # approved before: at once
    client.post(reverse("comments:post"), form_data(article, body="Mine, editable."))
    client.post(
        reverse("comments:post"),
        form_data(article, body="Held https://a.example https://b.example https://c.example"),
    )
    own = client.get(article.get_absolute_url()).content.decode()
    assert "/edit/" in own and "awaiting moderation" in own

    shared = public_page(article)
    assert "Mine, editable." in shared
    assert "/edit/" not in shared and "awaiting moderation" not in shared
    assert "https://c.example" not in shared
