"""The author's few minutes: edit or delete from the browser that posted, then never."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentRevision
from comments.visitor import EDIT_COOKIE
from tests.comments.conftest import form_data
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def posted(client, clock):
    """An approved author's fresh comment, posted by `client`."""
    article = make_article()
    make_comment(article=article, email="nadia@example.org")
    client.post(reverse("comments:post"), form_data(article, body="Teh first version."))
    return Comment.objects.get(body="Teh first version.")


def edit(client, comment, body):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body})


def test_the_author_sees_edit_and_delete_and_nobody_else_does(client, posted):
    assert EDIT_COOKIE in client.cookies and client.cookies[EDIT_COOKIE]["max-age"] == 600
    html = client.get(posted.article.get_absolute_url()).content.decode()
    assert f'href="/comments/{posted.pk}/edit/"' in html
    assert f'href="/comments/{posted.pk}/delete/"' in html
    assert "/edit/" not in Client().get(posted.article.get_absolute_url()).content.decode()


def test_an_edit_within_the_window_shows_edited_and_keeps_the_old_text(client, posted, clock):
    clock.shift(timedelta(minutes=9))
    form = client.get(reverse("comments:edit", args=[posted.pk]))
    assert form.status_code == 200 and "Teh first version." in form.content.decode()

    response = edit(client, posted, "The first version, fixed.")
    assert response.status_code == 302
    assert response["Location"] == f"{posted.article.get_absolute_url()}#comment-{posted.pk}"
    posted.refresh_from_db()
    assert posted.body == "The first version, fixed." and posted.status == Status.APPROVED
    assert posted.edited_at == NOON + timedelta(minutes=9)
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["Teh first version."]
    # Every reader sees the new text at once (the cached thread was replaced), marked edited.
    html = Client().get(posted.article.get_absolute_url()).content.decode()
    assert "The first version, fixed." in html and "Teh first" not in html
    assert '<span class="comment__edited" title="Edited by its author">edited</span>' in html


def test_an_edit_that_adds_links_goes_back_to_the_moderators(client, posted):
    edit(client, posted, "Now with https://a.example https://b.example https://c.example")
    posted.refresh_from_db()
    assert posted.status == Status.PENDING
    assert posted.moderation_note.startswith("After an edit: More than 2 links")
    posted.article.refresh_from_db()
    assert posted.article.comment_count == 1  # only the earlier comment still counts
    assert "awaiting moderation" in client.get(posted.article.get_absolute_url()).content.decode()
    assert (
        "https://c.example" not in Client().get(posted.article.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "This field is required."), ("x" * 5001, "at most 5000 characters")],
)
def test_a_bad_edit_is_explained_at_the_field_and_the_text_kept(client, posted, body, message):
    response = edit(client, posted, body)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'id="id_body_error"' in html
    if body.strip():
        assert body in html
    posted.refresh_from_db()
    assert posted.body == "Teh first version." and posted.edited_at is None


def test_after_ten_minutes_the_server_refuses(client, posted, clock):
    clock.shift(timedelta(minutes=10, seconds=1))
    for response in (
        client.get(reverse("comments:edit", args=[posted.pk])),
        edit(client, posted, "Too late."),
        client.post(reverse("comments:delete", args=[posted.pk])),
    ):
        assert response.status_code == 403
        assert "can no longer be changed" in response.content.decode()
    posted.refresh_from_db()
    assert posted.body == "Teh first version." and posted.status == Status.APPROVED


def test_the_window_is_checked_by_the_server_not_only_by_the_cookie(client, posted, clock):
    # A cookie kept past its expiry (a tampered browser) still gets nothing after the window.
    cookie = client.cookies[EDIT_COOKIE].value
    clock.shift(timedelta(minutes=11))
    client.cookies[EDIT_COOKIE] = cookie
    assert edit(client, posted, "Too late.").status_code == 403


@pytest.mark.parametrize("cookie", [None, "forged", "tampered"])
def test_another_browser_or_a_forged_cookie_cannot_edit(client, posted, cookie):
    other = Client()
    if cookie == "forged":
        other.cookies[EDIT_COOKIE] = str(posted.pk)
    elif cookie == "tampered":
        value = client.cookies[EDIT_COOKIE].value
        other.cookies[EDIT_COOKIE] = value.replace(str(posted.pk), str(posted.pk + 1), 1)
    response = edit(other, posted, "Not mine to change.")
    assert response.status_code == 403
    posted.refresh_from_db()
    assert posted.body == "Teh first version."


def test_a_forged_comment_id_is_404(client, posted):
    assert client.get(reverse("comments:edit", args=[posted.pk + 1000])).status_code == 404


def test_an_edit_from_another_site_is_refused(client, posted):
    response = client.post(
        reverse("comments:edit", args=[posted.pk]),
        {"body": "Forged."},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    posted.refresh_from_db()
    assert posted.body == "Teh first version."


def test_the_author_deletes_within_the_window(client, posted):
    page = client.get(reverse("comments:delete", args=[posted.pk]))
    assert "Delete your comment?" in page.content.decode()
    response = client.post(reverse("comments:delete", args=[posted.pk]))
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.status == Status.REMOVED
    posted.article.refresh_from_db()
    assert posted.article.comment_count == 1
    assert (
        "Teh first version." not in Client().get(posted.article.get_absolute_url()).content.decode()
    )


def test_moderators_see_the_text_before_the_edit(client, posted, admin_client):
    edit(client, posted, "Changed my mind.")
    html = admin_client.get(reverse("admin:comments_comment_change", args=[posted.pk])).content
    assert "Teh first version." in html.decode()
