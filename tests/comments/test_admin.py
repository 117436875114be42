import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status
QUEUE = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator():
    user = make_user(is_staff=True, first_name="Mo", last_name="Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_the_moderators_group_can_work_the_queue_and_nothing_else(moderator):
    assert moderator.has_perms(
        ["comments.view_comment", "comments.change_comment", "comments.add_disallowedword"]
    )
    assert not moderator.has_perm("comments.add_comment")
    assert not moderator.has_perm("articles.change_article")


def test_the_queue_lists_pending_comments_first(moderator_client):
    approved = make_comment(body="Already fine")
    pending = make_comment(body="Waiting here", status=Status.PENDING)
    html = moderator_client.get(QUEUE).content.decode()
    assert html.index("Waiting here") < html.index("Already fine")
    assert f'href="{approved.get_absolute_url()}"' in html
    assert pending.email in html  # moderators see addresses; readers never do


def test_the_queue_filters_by_status_and_briefing_and_searches(moderator_client):
    article = make_article(title="Restaking")
    make_comment(article=article, body="About restaking", email="ana@example.org")
    make_comment(body="Elsewhere entirely", status=Status.SPAM)

    assert "Elsewhere" in moderator_client.get(QUEUE, {"status__exact": "spam"}).content.decode()
    by_article = moderator_client.get(QUEUE, {"article__id__exact": article.pk}).content.decode()
    assert "About restaking" in by_article and "Elsewhere" not in by_article
    searched = moderator_client.get(QUEUE, {"q": "ana@example"}).content.decode()
    assert "About restaking" in searched and "Elsewhere" not in searched


@pytest.mark.parametrize(
    ("action", "status", "count"),
    [("approve", Status.APPROVED, 2), ("mark_spam", Status.SPAM, 0), ("remove", Status.REMOVED, 0)],
)
def test_bulk_actions_set_the_status_and_the_count(moderator_client, action, status, count):
    article = make_article()
    comments = [make_comment(article=article, status=Status.PENDING) for _ in range(2)]
    response = moderator_client.post(
        QUEUE, {"action": action, "_selected_action": [c.pk for c in comments]}
    )
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    article.refresh_from_db()
    assert article.comment_count == count


def test_deleting_in_the_admin_keeps_the_count_right(moderator_client):
    comment = make_comment()
    response = moderator_client.post(
        reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 0


def test_editing_a_comment_re_renders_its_body_and_count(moderator_client):
    comment = make_comment(status=Status.PENDING, body="old")
    response = moderator_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {
            "status": "approved",
            "name": comment.name,
            "email": comment.email,
            "url": "",
            "body": "new <b>text</b>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    comment.refresh_from_db()
    assert comment.body_html == "<p>new &lt;b&gt;text&lt;/b&gt;</p>"
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


def test_a_reader_cannot_open_the_queue(client):
    client.force_login(make_user())
    assert client.get(QUEUE).status_code == 302
