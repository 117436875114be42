"""Reply emails through the real task worker and a real SMTP server."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from comments import links
from comments.models import Comment, PendingReply, ReplyAddress
from comments.services import comments_moderate
from tests.factories import make_article, make_comment

# The worker commits for real; serialized rollback puts back what data migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = Comment.Status
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://convergence.example"
    settings.COMMENTS_REPLY_EMAIL_SECONDS = 600


def confirmed(email):
    address = ReplyAddress.objects.create(email=email, created_at=NOON, confirmed_at=NOON)
    return address


def link_in(message, start):
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if word.startswith(start))


def test_the_person_answered_gets_the_reply_with_a_link_and_one_click_unsubscribe(
    smtp_server, run_tasks
):
    confirmed("ada@example.org")
    parent = make_comment(name="Ada", email="Ada@Example.org", notify=True, body="First!")
    bystander = make_comment(article=parent.article, email="cy@example.org", notify=True)
    make_comment(parent=bystander, email="cy@example.org", body="Talking to myself.")
    reply = make_comment(parent=parent, name="Bob", body="A reply worth <reading>.")

    run_tasks()

    assert [m.envelope_to for m in smtp_server.messages] == [["ada@example.org"]]
    [message] = smtp_server.messages
    assert message["Subject"].strip() == f"Bob replied to your comment on “{parent.article.title}”"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://convergence.example/comments/replies/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "A reply worth <reading>." in text and "A reply worth &lt;reading&gt;." in html
    assert f"https://convergence.example/comments/{reply.pk}/" in text
    assert "cy@example.org" not in text


def test_the_link_in_the_email_opens_the_reply(smtp_server, run_tasks, client):
    confirmed("ada@example.org")
    parent = make_comment(email="ada@example.org", notify=True)
    reply = make_comment(parent=parent)
    run_tasks()
    link = link_in(smtp_server.messages[0], "https://convergence.example/comments/")
    response = client.get(link.removeprefix("https://convergence.example"))
    assert response.status_code == 302
    assert response["Location"] == f"{parent.article.get_absolute_url()}#comment-{reply.pk}"


@pytest.mark.parametrize(
    "situation", ["did not ask", "replied to oneself", "held reply", "spam reply"]
)
def test_nobody_is_mailed_unless_they_asked_and_someone_else_was_approved(
    smtp_server, run_tasks, situation
):
    confirmed("ada@example.org")
    parent = make_comment(email="ada@example.org", notify=situation != "did not ask")
    email = "ADA@example.org" if situation == "replied to oneself" else "bob@example.org"
    status = {"held reply": Status.PENDING, "spam reply": Status.SPAM}.get(situation, "approved")
    make_comment(parent=parent, email=email, status=status)
    run_tasks()
    assert smtp_server.messages == []


def test_a_held_reply_is_mailed_when_a_moderator_approves_it(smtp_server, run_tasks):
    confirmed("ada@example.org")
    parent = make_comment(email="ada@example.org", notify=True)
    reply = make_comment(parent=parent, status=Status.PENDING, body="Held first.")
    run_tasks()
    assert smtp_server.messages == []

    comments_moderate(ids=[reply.pk], status=Status.APPROVED)
    run_tasks()
    [message] = smtp_server.to("ada@example.org")
    assert "Held first." in message.get_body(("plain",)).get_content()


def test_an_unconfirmed_address_gets_one_confirmation_then_the_waiting_replies(
    smtp_server, run_tasks
):
    parent = make_comment(email="new@example.org", notify=True)
    make_comment(parent=parent, body="Reply one.")
    make_comment(parent=parent, body="Reply two.")
    run_tasks()
    [confirmation] = smtp_server.to("new@example.org")
    assert confirmation["Subject"].startswith("Confirm to get replies")
    assert "Reply one." not in confirmation.get_body(("plain",)).get_content()
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm = link_in(confirmation, "https://convergence.example/comments/replies/confirm/")
    path = confirm.removeprefix("https://convergence.example")
    page = Client().get(path)
    assert page.status_code == 200 and "Yes, email me replies" in page.content.decode()
    assert ReplyAddress.objects.get().confirmed_at is None  # a GET (a link scanner) is not a yes
    assert Client().post(path).status_code == 200
    run_tasks()

    assert len(smtp_server.to("new@example.org")) == 2
    gathered = smtp_server.to("new@example.org")[1]
    assert gathered["Subject"].strip() == "2 new replies to your comments on Convergence"
    text = gathered.get_body(("plain",)).get_content()
    assert "Reply one." in text and "Reply two." in text


def test_replies_within_ten_minutes_are_gathered_into_one_email(smtp_server, run_tasks):
    confirmed("ada@example.org")
    with time_machine.travel(NOON, tick=False) as clock:
        parent = make_comment(email="ada@example.org", notify=True)
        make_comment(parent=parent, body="At noon.")
        run_tasks()
        assert len(smtp_server.messages) == 1

        clock.shift(timedelta(minutes=2))
        make_comment(parent=parent, body="Two minutes later.")
        clock.shift(timedelta(minutes=3))
        make_comment(parent=parent, body="Five minutes later.")
        run_tasks()
        assert len(smtp_server.messages) == 1  # waits for the ten minutes to pass

        clock.shift(timedelta(minutes=5, seconds=1))
        run_tasks()
    assert len(smtp_server.messages) == 2
    text = smtp_server.messages[1].get_body(("plain",)).get_content()
    assert "Two minutes later." in text and "Five minutes later." in text
    assert "At noon." not in text
    assert PendingReply.objects.count() == 0


def test_one_click_unsubscribe_stops_every_reply_email(smtp_server, run_tasks):
    address = confirmed("ada@example.org")
    parent = make_comment(email="ada@example.org", notify=True)
    make_comment(parent=parent)
    run_tasks()
    one_click = smtp_server.messages[0]["List-Unsubscribe"].strip().strip("<>")

    # What a mail provider sends: a POST without cookies, Origin or CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        one_click.removeprefix("https://convergence.example"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    address.refresh_from_db()
    assert address.unsubscribed_at is not None

    make_comment(parent=parent)
    make_comment(parent=make_comment(email="ada@example.org", notify=True))
    run_tasks()
    assert len(smtp_server.messages) == 1


def test_stopping_one_thread_keeps_the_others(smtp_server, run_tasks, client):
    address = confirmed("ada@example.org")
    muted, other = make_article(), make_article()
    token = links.token_for(address, action="unsubscribe", article_id=muted.pk)
    url = reverse("comments:unsubscribe", args=[token])
    assert "Stop emails about replies on" in client.get(url).content.decode()
    client.post(url)

    make_comment(parent=make_comment(article=muted, email="ada@example.org", notify=True))
    make_comment(parent=make_comment(article=other, email="ada@example.org", notify=True))
    run_tasks()
    [message] = smtp_server.messages
    assert other.title in message["Subject"]


@pytest.mark.parametrize("action", ["confirm", "unsubscribe"])
def test_a_link_changed_by_one_character_is_refused_and_changes_nothing(client, action):
    address = ReplyAddress.objects.create(email="ada@example.org", created_at=NOON)
    token = links.token_for(address, action=action)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for method in (client.get, client.post):
        response = method(reverse(f"comments:{action}", args=[forged]))
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    # A token for one action does not work for the other.
    other = "unsubscribe" if action == "confirm" else "confirm"
    assert client.post(reverse(f"comments:{other}", args=[token])).status_code == 400
    address.refresh_from_db()
    assert address.confirmed_at is None and address.unsubscribed_at is None
