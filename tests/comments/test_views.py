import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.visitor import AUTHOR_COOKIE, PENDING_COOKIE
from core import abuse
from tests.comments.conftest import form_data
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def page(client, article, **params):
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "heading"),
    [
        (0, "No comments yet on “Agents”"),
        (1, "1 thought on “Agents”"),
        (3, "3 thoughts on “Agents”"),
    ],
)
def test_the_heading_counts_approved_comments(client, count, heading):
    article = make_article(title="Agents")
    for _ in range(count):
        make_comment(article=article)
    make_comment(article=article, status=Status.PENDING)
    article.refresh_from_db()
    assert heading in page(client, article)


def test_a_thread_nests_replies_inside_their_parent(client):
    article = make_article()
    parent = make_comment(article=article, name="Ada", url="https://ada.example")
    reply = make_comment(parent=parent, name="Bob", body="Line one\nhttps://x.example")
    html = page(client, article)
    assert f'<li id="comment-{parent.pk}" class="comment depth-0">' in html
    start = html.index(f'id="comment-{parent.pk}"')
    nested = html.index('<ol class="children">', start)
    assert nested < html.index(f'id="comment-{reply.pk}"')
    assert '<a href="https://ada.example" rel="nofollow ugc noopener">Ada</a>' in html
    assert (
        '<p>Line one<br><a href="https://x.example" rel="nofollow ugc noopener">'
        "https://x.example</a></p>" in html
    )
    assert f'href="{article.get_absolute_url()}?replyto={parent.pk}#respond"' in html
    assert f'<time datetime="{parent.created_at.isoformat()}">' in html


def test_a_reply_beyond_the_depth_cap_says_whom_it_answers(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    top = make_comment(article=article)
    middle = make_comment(parent=top, name="Middle Person")
    deep = make_comment(parent=middle)
    html = page(client, article)
    assert 'class="comment depth-1">' in html
    assert "depth-2" not in html
    assert (
        f'in reply to <a href="#comment-{middle.pk}">Middle Person</a>'
        in html[html.index(f'id="comment-{deep.pk}"') :]
    )


def test_what_a_reader_typed_is_escaped_everywhere_the_thread_shows_it(client, settings):
    """The thread's loop escapes by hand (comments/thread_list.jinja): every place a name or a
    website lands, including the Reply link's data and a capped reply's "in reply to"."""
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    hostile = '<img src=x onerror=alert(1)>"'
    top = make_comment(article=article, name=hostile, url='https://x.example/"><script>1</script>')
    reply = make_comment(parent=top, name=hostile)
    make_comment(parent=reply, body="<script>alert(2)</script>")
    html = page(client, article)
    assert "<img src=x" not in html
    assert "<script>1</script>" not in html and "<script>alert(2)" not in html
    escaped = "&lt;img src=x onerror=alert(1)&gt;&#34;"
    assert f'rel="nofollow ugc noopener">{escaped}</a>' in html
    assert f'data-author="{escaped}"' in html
    assert f'<span class="visually-hidden"> to {escaped}</span>' in html
    assert f'in reply to <a href="#comment-{reply.pk}">{escaped}</a>' in html
    assert 'href="https://x.example/&#34;&gt;&lt;script&gt;1&lt;/script&gt;"' in html


def test_emails_never_appear_on_the_page(client):
    article = make_article()
    make_comment(article=article, email="secret-address@example.org")
    assert "secret-address" not in page(client, article)


def test_a_removed_comment_with_replies_stays_as_a_tombstone(client):
    article = make_article()
    parent = make_comment(article=article, body="Rude words")
    make_comment(parent=parent, body="Polite answer")
    Comment.objects.filter(pk=parent.pk).update(status=Status.REMOVED)
    html = page(client, article)
    assert "This comment was removed." in html
    assert "Rude words" not in html and "Polite answer" in html


@pytest.mark.parametrize("size", [0, 10, 100])
def test_a_one_page_thread_costs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, size
):
    article = make_article(tags=["ENS"])
    comments = []
    for n in range(size):
        parent = comments[n // 3] if n % 3 and comments else None
        comments.append(make_comment(article=article, parent=parent))
    client.get("/")  # warms the cached navigation and price strip, as on a running site
    # The briefing, its tags, related briefings, the whole thread (not cached yet).
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="comment depth-') == size


def test_replyto_without_javascript_prepares_the_form(client):
    article = make_article()
    parent = make_comment(article=article, name="Ada")
    html = page(client, article, replyto=parent.pk)
    assert "Replying to <strong data-replying-name>Ada</strong>" in html
    assert f'name="parent" value="{parent.pk}"' in html
    # Nonsense is ignored, not an error.
    assert "data-replying hidden" in page(client, article, replyto="abc")


# --- Posting ------------------------------------------------------------------------------


def test_a_reader_posts_and_sees_their_held_comment_only_themselves(client, post_comment):
    article = make_article()
    response = post_comment(article, body="My first thought")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Status.PENDING and comment.ip_address == "127.0.0.1"
    assert PENDING_COOKIE in response.cookies

    html = page(client, article)
    assert "My first thought" in html and "Your comment is awaiting moderation" in html
    client.cookies.clear()
    assert "My first thought" not in page(client, article)


def test_an_approved_author_is_published_at_once(client, post_comment):
    article = make_article()
    make_comment(email="nadia@example.org")
    post_comment(article, body="Published now")
    article.refresh_from_db()
    assert article.comment_count == 1
    assert "Published now" in page(client, article)


def test_a_reply_is_posted_under_its_parent(client, post_comment):
    parent = make_comment()
    make_comment(email="nadia@example.org")
    post_comment(parent.article, parent=parent.pk)
    assert Comment.objects.get(body__startswith="A thoughtful").parent == parent


def test_errors_are_shown_next_to_fields_with_what_was_typed(client, post_comment):
    article = make_article(tags=["Agents"])
    make_article(title="A briefing next door", tags=["Agents"])
    earlier = make_comment(article=article)
    response = post_comment(article, email="not-an-email", body="x" * 5001, name="Kept Name")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in html and 'aria-invalid="true"' in html
    assert "at most 5000 characters" in html
    assert 'value="Kept Name"' in html and 'value="not-an-email"' in html
    assert html.count("autofocus") == 1  # on the first field to fix
    # The page is served from /comments/post/: Reply links still lead to the briefing.
    assert f'href="{article.get_absolute_url()}?replyto={earlier.pk}#respond"' in html
    # The same page as the briefing's own, related briefings included.
    assert "Related briefings" in html and "A briefing next door" in html
    assert Comment.objects.count() == 1


def test_a_duplicate_is_refused_with_a_clear_message(client, post_comment):
    article = make_article()
    post_comment(article)
    response = post_comment(article)
    assert response.status_code == 400
    assert "already posted this comment" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_bot_is_stored_as_spam_and_not_shown(client, post_comment):
    article = make_article()
    response = post_comment(article, homepage="http://spam.example")
    assert response["Location"].endswith("#respond")
    assert Comment.objects.get().status == Status.SPAM
    assert PENDING_COOKIE not in response.cookies


def test_a_form_sent_too_fast_is_spam(client, post_comment):
    post_comment(make_article(), rendered=abuse.render_token())
    assert Comment.objects.get().status == Status.SPAM


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"parent": "999999"}, 400),
        ({"parent": "abc"}, 400),
        ({"article": "abc"}, 400),
        ({"article": "999999"}, 404),
        ({"article": ""}, 400),
    ],
)
def test_hostile_posts_get_a_clear_4xx_and_store_nothing(client, post_comment, overrides, status):
    article = make_article()
    assert post_comment(article, **overrides).status_code == status
    assert Comment.objects.count() == 0


def test_a_parent_from_another_briefing_or_not_approved_is_refused(client, post_comment):
    article = make_article()
    elsewhere = make_comment()
    held = make_comment(article=article, status=Status.PENDING)
    assert post_comment(article, parent=elsewhere.pk).status_code == 400
    assert post_comment(article, parent=held.pk).status_code == 400
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_posting_on_an_unpublished_briefing_is_404(client, post_comment, fields):
    assert post_comment(make_article(**fields)).status_code == 404
    assert Comment.objects.count() == 0


def test_get_on_the_post_url_is_405(client):
    assert client.get(reverse("comments:post")).status_code == 405


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
    ],
)
def test_a_cross_site_post_is_refused(headers):
    article = make_article()
    client = Client(enforce_csrf_checks=True, headers=headers)
    response = client.post(reverse("comments:post"), form_data(article))
    assert response.status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://testserver"}, {}]
)
def test_a_same_origin_post_needs_no_token(headers):
    """The form sits in pages cached for every reader, so it carries no per-reader token."""
    article = make_article()
    client = Client(enforce_csrf_checks=True, headers=headers)
    response = client.post(reverse("comments:post"), form_data(article))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_closed_comments_replace_the_form_and_refuse_posts(client, post_comment, settings):
    article = make_article(comments_enabled=False)
    html = page(client, article)
    assert "Comments are closed." in html and 'id="comment-form"' not in html
    response = post_comment(article)
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()

    settings.COMMENTS_CLOSE_AFTER_DAYS = 1
    old = make_article(publish_at=timezone.now() - timedelta(days=2))
    assert post_comment(old).status_code == 403
    assert Comment.objects.count() == 0


def test_too_many_posts_from_one_ip_get_a_friendly_429(client, post_comment, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    article = make_article()
    post_comment(article, body="one")
    post_comment(article, body="two")
    response = post_comment(article, body="three")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "faster than we can read them" in response.content.decode()
    assert Comment.objects.count() == 2


def test_remember_me_is_off_by_default_and_fills_the_form_when_on(client, post_comment):
    article = make_article()
    html = page(client, article)
    assert 'name="remember"' in html and 'name="remember" checked' not in html
    response = post_comment(article, body="one")
    assert AUTHOR_COOKIE not in response.cookies

    post_comment(article, body="two", remember="on", url="https://nadia.example")
    html = page(client, article)
    assert 'value="Nadia Reader"' in html and 'value="https://nadia.example"' in html

    response = post_comment(article, body="three")
    assert response.cookies[AUTHOR_COOKIE].value == ""  # unticked: forgotten


def test_a_moderator_replies_from_the_site_as_the_team(client, post_comment):
    moderator = make_user(is_staff=True, first_name="Mo", last_name="Derator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    article = make_article()
    parent = make_comment(article=article)
    html = page(client, article)
    assert "You are replying as the team" in html and 'value="Mo Derator"' in html
    post_comment(article, parent=parent.pk, name="Mo Derator", body="Thanks, fixed.")
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Status.APPROVED and reply.is_team
    assert '<span class="label label--team">Team</span>' in page(client, article)


def test_the_form_as_drawn_is_accepted_from_a_person_and_not_from_a_quick_bot(client):
    article = make_article()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        html = page(client, article)
        token = re.search(r'name="rendered" value="([^"]+)"', html).group(1)
        client.post(reverse("comments:post"), form_data(article, rendered=token, body="Quick"))
        traveller.shift(timedelta(seconds=5))
        client.post(reverse("comments:post"), form_data(article, rendered=token, body="Human"))
    assert Comment.objects.get(body="Quick").status == Status.SPAM
    assert Comment.objects.get(body="Human").status == Status.PENDING
