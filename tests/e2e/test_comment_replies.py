"""A reader is told of a reply by email; an author fixes a typo within minutes, not after."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


@pytest.fixture(autouse=True)
def _quick_policy(settings, live_server):
    settings.COMMENTS_MIN_SECONDS_TO_POST = 0
    settings.COMMENTS_RATE_LIMIT = "100/m"
    settings.COMMENTS_MODERATION = "first-time"
    settings.SITE_URL = live_server.url  # links in emails open this test's server


def write_comment(page, name, email, body, *, notify=False):
    page.fill("#comment-form [name=name]", name)
    page.fill("#comment-form [name=email]", email)
    page.fill("#comment-form [name=body]", body)
    if notify:
        page.check("#comment-form [name=notify]")
    page.click("#comment-form button[type=submit]")


def link_in(message, start):
    text = message.get_body(("plain",)).get_content()
    return next(word for word in text.split() if word.startswith(start))


def test_the_reader_answered_gets_an_email_whose_link_opens_the_reply(
    new_page, smtp_server, run_tasks, live_server, screenshot
):
    article = make_article(title="Agents with wallets")
    make_comment(article=article, email="ada@example.org")  # Ada was approved before
    moderator = make_user(username="mo", is_staff=True, first_name="Mo")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    ada = new_page()
    ada.goto(article.get_absolute_url())
    assert ada.inner_text("label[for=id_notify]") == "Email me when someone replies"
    write_comment(ada, "Ada Reader", "ada@example.org", "Who pays for gas?", notify=True)
    question = Comment.objects.get(body="Who pays for gas?")
    ada.wait_for_selector(f"#comment-{question.pk}")
    assert question.notify and question.status == Status.APPROVED

    bob = new_page()
    bob.goto(article.get_absolute_url())
    bob.click(f"#comment-{question.pk} a.comment-reply-link")
    write_comment(bob, "Bob Second", "bob@example.org", "The owner, usually.")
    bob.wait_for_selector(".comment__pending")
    reply = Comment.objects.get(name="Bob Second")
    run_tasks()
    assert smtp_server.messages == []  # held: nobody is told yet

    admin = new_page()
    login(admin, moderator)
    admin.goto("/admin/comments/comment/")
    admin.check(f"input[name=_selected_action][value='{reply.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist .success")
    run_tasks()

    # Ada never confirmed this address: the first email asks her to.
    [confirmation] = smtp_server.to("ada@example.org")
    ada.goto(link_in(confirmation, f"{live_server.url}/comments/replies/confirm/"))
    ada.click("#reply-confirm button")
    ada.wait_for_selector("text=replies to your comments will reach you")
    run_tasks()

    message = smtp_server.to("ada@example.org")[-1]
    assert "Bob Second replied" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp_server.to("bob@example.org") == []
    ada.goto(link_in(message, f"{live_server.url}/comments/{reply.pk}/"))
    assert ada.url.endswith(f"{article.get_absolute_url()}#comment-{reply.pk}")
    expect(ada.locator(f"#comment-{reply.pk}:target")).to_contain_text(
        "The owner, usually.", use_inner_text=True
    )

    html = message.get_body(("html",)).get_content()
    for viewport in ("phone", "desktop"):
        for scheme in ("light", "dark"):
            mail = new_page(viewport, color_scheme=scheme)
            mail.set_content(html)
            screenshot(mail, f"comments-reply-email-{viewport}-{scheme}")


def test_an_author_edits_within_the_window_and_cannot_after_it(new_page, screenshot):
    article = make_article(title="Restaking, explained")
    make_comment(article=article, email="ada@example.org")
    with time_machine.travel(0, tick=True) as clock:
        clock.move_to(article.publish_at + timedelta(hours=1))
        ada = new_page()
        ada.goto(article.get_absolute_url())
        write_comment(ada, "Ada Reader", "ada@example.org", "Slashed stake is brunt.")
        mine = Comment.objects.get(body="Slashed stake is brunt.")
        ada.wait_for_selector(f"#comment-{mine.pk} a.comment-edit-link")
        other = new_page()
        other.goto(article.get_absolute_url())
        assert other.locator(f"#comment-{mine.pk} a.comment-edit-link").count() == 0

        ada.click(f"#comment-{mine.pk} a.comment-edit-link")
        ada.evaluate("() => { document.getElementById('comment-edit-form').noValidate = true; }")
        ada.fill("#comment-edit-form [name=body]", "   ")
        ada.click("#comment-edit-form button[type=submit]")
        ada.wait_for_selector(".field__error")
        assert_accessible(ada)
        ada.fill("#comment-edit-form [name=body]", "Slashed stake is burnt.")
        ada.click("#comment-edit-form button[type=submit]")
        ada.wait_for_selector(f"#comment-{mine.pk} .comment__edited")
        # Waits until Chromium has laid out the comment (threads use content-visibility: auto).
        expect(ada.locator(f"#comment-{mine.pk}")).to_contain_text(
            "Slashed stake is burnt.", use_inner_text=True
        )
        assert_accessible(ada)

        clock.shift(timedelta(minutes=10, seconds=5))
        ada.reload()
        assert ada.locator(f"#comment-{mine.pk} a.comment-edit-link").count() == 0
        ada.goto(f"/comments/{mine.pk}/edit/")
        assert "can no longer be changed" in ada.inner_text("h1")
    mine.refresh_from_db()
    assert mine.body == "Slashed stake is burnt."


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_paged_thread_with_ones_own_comment_is_accessible(
    new_page, screenshot, settings, viewport, scheme
):
    from comments.services import comment_edit

    settings.COMMENTS_PER_PAGE = 3
    article = make_article(title="Agents with wallets", body="Intro.\n\n## How\n\nText.")
    names = ["Priya Raman", "Tomás Ferreira", "Jordan Lee", "Ana Silva"]
    for n, name in enumerate(names):
        top = make_comment(article=article, name=name, body=f"Point number {n + 1}, argued.")
    reply = make_comment(parent=top, name="Priya Raman", body="Agreed, with a caveat.")
    comment_edit(comment=reply, body="Agreed, with one caveat about fees.")
    make_comment(article=article, email="ada@example.org")

    page = new_page(viewport, color_scheme=scheme)
    page.goto(article.get_absolute_url())
    write_comment(page, "Ada Reader", "ada@example.org", "My own point, still fresh.")
    page.wait_for_selector("a.comment-edit-link")
    assert "?cpage=2" in page.url
    assert page.locator("a[rel=prev]").count() == 2
    assert page.locator(".comment__edited").count() == 1
    assert_accessible(page)
    page.locator(".comment-pager").first.scroll_into_view_if_needed()
    screenshot(page, f"comments-paged-own-{viewport}-{scheme}")

    page.click("a.comment-edit-link")
    page.evaluate("() => { document.getElementById('comment-edit-form').noValidate = true; }")
    page.fill("#comment-edit-form [name=body]", "")
    page.click("#comment-edit-form button[type=submit]")
    page.wait_for_selector(".field__error")
    assert_accessible(page)
    screenshot(page, f"comments-edit-errors-{viewport}-{scheme}")
