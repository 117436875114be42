"""Preview links and the editorial calendar in a real browser."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_article, make_comment, make_editor, make_section, make_user


@pytest.fixture
def editor_user(transactional_db):
    return make_editor(username="eda")


@pytest.fixture
def draft(transactional_db):
    article = make_article(
        title="Stablecoin rules, before the vote",
        slug="stablecoin-rules-before-the-vote",
        summary="What the draft bill asks of issuers, and what it leaves open.",
        body="## What the bill says\n\nReserves held one to one, audited monthly.\n\n"
        "## What it leaves open\n\nAlgorithmic designs, and who supervises them.",
        section=make_section(name="Policy", slug="policy"),
        status=Article.Status.DRAFT,
        tags=["Stablecoins", "Regulation"],
    )
    make_comment(article=article, body="A comment no preview shows.")
    return article


def test_an_editor_sends_a_preview_and_someone_without_an_account_opens_it(
    new_page, editor_user, draft, screenshot
):
    editor = new_page()
    login(editor, editor_user)
    editor.goto(f"/admin/articles/article/{draft.pk}/change/")
    editor.click("#preview-links summary")
    editor.select_option("#id_preview-days", "3")
    editor.fill("#id_preview-label", "our lawyer")
    editor.click("text=Create preview link")
    editor.wait_for_selector(".messagelist .success")
    url = editor.get_attribute(".messagelist a.preview-link-url", "href")
    assert "our lawyer" in editor.inner_text("#preview-links")
    assert PreviewLink.objects.get().expires_at - timezone.now() > timedelta(days=2, hours=23)
    screenshot(editor, "preview-links-admin-desktop-light")

    for viewport, scheme in [("phone", "light"), ("phone", "dark"), ("desktop", "light")]:
        reader = new_page(viewport, color_scheme=scheme)
        response = reader.goto(urlsplit(url).path)
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex"
        assert "Preview, not published." in reader.inner_text(".preview-banner")
        assert reader.inner_text("article.article h1") == "Stablecoin rules, before the vote"
        assert reader.locator("#comment-form").count() == 0
        assert reader.locator("text=A comment no preview shows.").count() == 0
        assert_accessible(reader)
        screenshot(reader, f"preview-{viewport}-{scheme}")

    editor.click("#preview-links button:has-text('Revoke')")
    editor.wait_for_selector(".messagelist .success >> text=Preview link revoked")
    reader = new_page()
    assert reader.goto(urlsplit(url).path).status == 404
    assert "This preview link doesn’t work" in reader.inner_text("h1")
    assert "Stablecoin" not in reader.content()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_calendar_reads_on_a_phone_and_a_desktop(
    new_page, editor_user, screenshot, viewport, scheme
):
    now = timezone.localtime()
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0)
    section = make_section(name="Markets", slug="markets")
    writer = make_user(first_name="Ada", last_name="Writer")
    week = [
        (0, 8, 30, "Bitcoin ETFs take in a record week"),
        (0, 16, 0, "Agents learn to pay their own way"),
        (1, 9, 15, "Restaking, explained"),
        (3, 11, 0, "What the Pectra upgrade changes for wallets"),
        (4, 14, 30, "The week in AI chips and tokens"),
        (5, 20, 0, "Weekend read: the state of zero-knowledge proofs"),
        (6, 10, 0, "Sunday's market open, in five charts"),
    ]
    for day, hour, minute, title in week:
        make_article(
            title=title,
            section=section,
            author=writer,
            publish_at=monday + timedelta(days=day, hours=hour, minutes=minute),
        )
    for title in ("Stablecoin rules, before the vote", "Inside a validator's day"):
        make_article(title=title, section=section, author=writer, status=Article.Status.DRAFT)

    page = new_page(viewport, color_scheme=scheme)
    login(page, editor_user)
    page.click("text=Editorial calendar")
    page.wait_for_selector(".calendar__days")
    assert page.locator(".cal-day").count() == 7
    assert page.locator(".cal-day--today").count() == 1
    assert page.locator(".cal-entry").count() == 7
    assert "Stablecoin rules, before the vote" in page.inner_text(".calendar__waiting")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the calendar scrolls sideways"
    if viewport == "phone":
        tops = page.locator(".cal-day").evaluate_all(
            "days => days.map(day => day.getBoundingClientRect().top)"
        )
        assert tops == sorted(tops) and len(set(tops)) == 7, "days stack on a phone"
    assert_accessible(page)
    screenshot(page, f"calendar-{viewport}-{scheme}")

    page.click("a[rel=next]")
    page.wait_for_url("**/calendar/?week=*")
    assert page.locator(".cal-day--empty").count() == 7
    page.goto("/admin/articles/article/calendar/?week=someday")
    assert "is not a week" in page.inner_text(".errornote")
