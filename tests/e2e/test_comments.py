import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_article, make_comment, make_user

Status = Comment.Status


@pytest.fixture(autouse=True)
def _quick_policy(settings):
    # A test types faster than a person: the render-time rule is tested on its own.
    settings.COMMENTS_MIN_SECONDS_TO_POST = 0
    settings.COMMENTS_RATE_LIMIT = "100/m"
    settings.COMMENTS_MODERATION = "first-time"


def write_comment(page, name, body):
    page.fill("#comment-form [name=name]", name)
    page.fill("#comment-form [name=email]", f"{name.split()[0].lower()}@example.org")
    page.fill("#comment-form [name=body]", body)
    page.click("#comment-form button[type=submit]")


def test_readers_discuss_and_a_moderator_approves(new_page, screenshot):
    article = make_article(title="Agents with wallets")
    moderator = make_user(username="mo", is_staff=True, first_name="Mo", last_name="Derator")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    # A reader comments; the comment is held and only they see it.
    first = new_page()
    first.goto(article.get_absolute_url())
    assert "No comments yet" in first.inner_text("#comments h2")
    write_comment(first, "Ada Reader", "Who pays for the agent's gas?")
    first.wait_for_selector(".comment__pending")
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    assert first.url.endswith(f"#comment-{comment.pk}")
    stranger = new_page()
    stranger.goto(article.get_absolute_url())
    assert stranger.locator(".comment").count() == 0

    # A moderator approves it from the admin queue.
    admin = new_page()
    login(admin, moderator)
    admin.goto("/admin/comments/comment/")
    admin.check(f"input[name=_selected_action][value='{comment.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.click("button[name=index]")
    admin.wait_for_selector(".messagelist .success")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    # Another reader replies with JavaScript: the form moves under the comment.
    second = new_page()
    second.goto(article.get_absolute_url())
    assert second.inner_text("#comments h2") == "1 thought on “Agents with wallets”"
    second.click(f"#comment-{comment.pk} a.comment-reply-link")
    assert second.locator(f"#comment-{comment.pk} #respond #comment-form").count() == 1
    assert second.input_value("#comment-form [name=parent]") == str(comment.pk)
    assert "Replying to Ada Reader" in second.inner_text("#respond")
    assert "?replyto" not in second.url  # no page load
    second.click("#respond .respond__cancel")
    assert second.locator(f"#comment-{comment.pk} #respond").count() == 0
    assert second.input_value("#comment-form [name=parent]") == ""
    second.click(f"#comment-{comment.pk} a.comment-reply-link")
    screenshot(second, "comments-reply-inline-desktop-light")
    write_comment(second, "Bo Second", "The agent's owner, usually.")
    second.wait_for_selector(".comment__pending")
    reply = Comment.objects.get(name="Bo Second")
    assert reply.parent == comment
    nested = second.locator(f"#comment-{comment.pk} > ol.children > #comment-{reply.pk}")
    assert nested.count() == 1

    # A third reader without JavaScript: the Reply link reloads with ?replyto=.
    third = new_page(java_script_enabled=False)
    third.goto(article.get_absolute_url())
    third.click(f"#comment-{comment.pk} a.comment-reply-link")
    third.wait_for_url(f"**?replyto={comment.pk}#respond")
    assert "Replying to Ada Reader" in third.inner_text("#respond")
    write_comment(third, "Cy Third", "Or a paymaster contract.")
    third.wait_for_selector(".comment__pending")
    plain = Comment.objects.get(name="Cy Third")
    assert plain.parent == comment
    assert third.locator(f"#comment-{comment.pk} > ol.children > #comment-{plain.pk}").count() == 1

    # The moderator replies from the site, published at once as the team.
    admin.goto(article.get_absolute_url())
    admin.click(f"#comment-{comment.pk} a.comment-reply-link")
    admin.fill("#comment-form [name=body]", "We cover this next week.")
    admin.click("#comment-form button[type=submit]")
    team = Comment.objects.get(is_team=True)
    admin.wait_for_selector(f"#comment-{team.pk} .label--team")
    assert team.status == Status.APPROVED


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_article_with_a_thread_is_accessible(new_page, screenshot, viewport, scheme, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    article = make_article(title="Restaking, explained", body="Intro.\n\n## How\n\nText.")
    top = make_comment(
        article=article,
        name="Priya Raman",
        url="https://priya.example",
        body="Clear write-up.\nOne question: what happens to slashed stake?",
    )
    reply = make_comment(parent=top, name="Tomás Ferreira", body="It is burned, mostly.")
    deeper = make_comment(parent=reply, name="Priya Raman", body="Thanks! See https://docs.example")
    make_comment(parent=deeper, name="Jordan Lee", body="Not always; some protocols redistribute.")
    removed = make_comment(article=article, name="Spammer", body="buy now")
    make_comment(parent=removed, name="Ana", body="Ignore the above.")
    Comment.objects.filter(pk=removed.pk).update(status=Status.REMOVED)
    make_comment(article=article, name="Convergence team", body="Thanks all.")

    page = new_page(viewport, color_scheme=scheme)
    page.goto(article.get_absolute_url() + "#comments")
    # Waits until Chromium has laid the thread out (conversations use content-visibility: auto).
    thread = expect(page.locator("#comments"))
    thread.to_contain_text("in reply to", use_inner_text=True)
    thread.to_contain_text("This comment was removed.", use_inner_text=True)
    assert_accessible(page)
    screenshot(page, f"comments-thread-{viewport}-{scheme}")

    # The form with errors, as the server returns it (the browser's own checks switched off).
    page.evaluate("() => { document.getElementById('comment-form').noValidate = true; }")
    page.fill("#comment-form [name=name]", "")
    page.fill("#comment-form [name=email]", "not-an-email")
    page.fill("#comment-form [name=body]", "I typed this and it is kept.")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".field__error")
    assert page.input_value("#comment-form [name=body]") == "I typed this and it is kept."
    assert_accessible(page)
    page.locator("#respond").scroll_into_view_if_needed()
    screenshot(page, f"comments-form-errors-{viewport}-{scheme}")


def test_a_link_to_a_comment_deep_in_a_long_thread_lands_on_it(new_page):
    # Conversations far from the screen are laid out only as they come near (comments.css):
    # links to one of them, from an email or from another comment, must still land on it.
    article = make_article(title="A long discussion")
    replies = []
    for n in range(40):
        top = make_comment(article=article, body="A thought.\n\n" + "More to say on it. " * 30)
        replies.append(make_comment(parent=top, body=f"A reply, number {n}."))
    page = new_page("phone")

    def lands_on(comment) -> bool:
        top = page.evaluate(
            "(id) => document.getElementById(id).getBoundingClientRect().top",
            f"comment-{comment.pk}",
        )
        return 0 <= top <= 40

    page.goto(f"{article.get_absolute_url()}#comment-{replies[-3].pk}")
    page.wait_for_timeout(500)  # anything still to be laid out near it has been
    assert lands_on(replies[-3])

    page.evaluate("(id) => { location.hash = id; }", f"comment-{replies[2].pk}")
    page.wait_for_timeout(500)
    assert lands_on(replies[2])
