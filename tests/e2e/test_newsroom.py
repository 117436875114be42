"""The newsroom in a real browser: two editors on one briefing, a writer who cannot publish,
and the history, diff, conflict and review-queue pages at phone and desktop widths."""

import pytest

from articles import history
from articles.models import Article
from articles.services import article_save, article_submit
from tests.e2e.conftest import AXE_SOURCE, assert_accessible, login
from tests.factories import make_article, make_section, make_staff

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def staff(username, group, first_name, last_name):
    return make_staff(
        group,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@example.org",
    )


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(width="desktop", scheme="light"):
        context = browser.new_context(
            base_url=live_server.url, viewport=WIDTHS[width], color_scheme=scheme
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def body_of(article):
    return article.body.replace("\r\n", "\n")  # as a browser posts it


def assert_panel_accessible(page, selector):
    """axe-core on our panel only: the admin's own date widgets have findings of their own."""
    page.evaluate(f"() => {{ {AXE_SOURCE}\n; window.__axe = axe; }}")
    results = page.evaluate(
        f"() => window.__axe.run(document.querySelector('{selector}'), "
        "{resultTypes: ['violations']})"
    )
    serious = [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


def test_two_editors_on_one_briefing_the_second_save_is_refused_the_first_kept(open_page):
    ana = staff("ana", "Editors", "Ana", "Lopez")
    ben = staff("ben", "Editors", "Ben", "Okafor")
    article = make_article(
        title="Rollups settle faster", body="Intro.\n\nFees fell 10%.", author=ana
    )
    url = f"/admin/articles/article/{article.pk}/change/"
    first, second = open_page(), open_page()
    login(first, ana)
    login(second, ben)

    first.goto(url)
    second.goto(url)
    assert "Ana Lopez has been editing this since" in second.inner_text("#editing-notice")

    first.fill("#id_body", "Intro.\n\nFees fell 12%, per the new data.")
    first.click("input[name=_continue]")
    first.wait_for_selector(".messagelist .success")
    second.fill("#id_body", "Intro.\n\nFees fell 10%, says Ben.")
    second.click("input[name=_continue]")

    second.wait_for_selector(".newsroom-conflict")
    assert "Ana Lopez" in second.inner_text(".newsroom-conflict")
    assert second.input_value("#id_body") == "Intro.\n\nFees fell 10%, says Ben."  # kept
    article.refresh_from_db()
    assert body_of(article) == "Intro.\n\nFees fell 12%, per the new data."  # the first is kept

    # Having seen theirs, Ben takes Ana's body after all and saves.
    second.check("input[name=take_theirs][value=body]")
    second.click("input[name=_continue]")
    second.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert body_of(article) == "Intro.\n\nFees fell 12%, per the new data."
    assert article.version == 3


def test_a_writer_cannot_publish_and_an_editor_reviews(open_page):
    writer = staff("wren", "Writers", "Wren", "Writer")
    editor = staff("eda", "Editors", "Eda", "Tor")
    make_section(name="Agents", slug="agents")
    page = open_page()
    login(page, writer)

    page.goto("/admin/articles/article/add/")
    assert page.locator("#id_status").count() == 0
    page.fill("#id_title", "Agents pay their own way")
    page.fill("#id_summary", "Wallets for software.")
    page.fill("#id_body", "## What changed\n\nAgents hold keys.")
    page.select_option("#id_section", label="Agents")
    # A forged field, as a writer could add with the browser's tools.
    page.evaluate(
        """() => { const input = document.createElement('input'); input.type = 'hidden';
        input.name = 'status'; input.value = 'published';
        document.getElementById('article_form').appendChild(input); }"""
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title="Agents pay their own way")
    assert article.status == Article.Status.DRAFT and not article.is_published

    page.click("input[name=_submit_review]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    desk = open_page()
    login(desk, editor)
    desk.goto("/admin/articles/articleinreview/")
    desk.click("text=Agents pay their own way")
    desk.fill("#id_review_note_text", "Name the wallet provider.")
    desk.click("input[name=_send_back]")
    desk.wait_for_selector(".messagelist .success")

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    assert "Name the wallet provider." in page.inner_text(".newsroom-notice--note")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_history_diff_conflict_and_queue_pages_at_phone_and_desktop(open_page, scheme, screenshot):
    editor = staff("eda", "Editors", "Eda", "Tor")
    writer = staff("wren", "Writers", "Wren", "Writer")
    article = make_article(
        title="Stablecoin supply passes a record",
        author=editor,
        body=(
            "## The number\n\nSupply rose to 180 billion this week.\n\n"
            "## Why it matters\n\nMore dollars on-chain means deeper markets.\n\n"
            "## What to watch\n\nRedemptions, and the next attestation."
        ),
        tags=["Stablecoins", "USDC"],
    )
    article_save(article=article, user=editor)
    article.body = article.body.replace("180 billion", "182 billion").replace(
        "deeper markets", "deeper, calmer markets"
    )
    article.title = "Stablecoin supply hits a record"
    article_save(article=article, user=editor)
    first_revision = list(history.versions_of(article))[-1]
    ana = staff("ana", "Editors", "Ana", "Lopez")
    for title in ("Review A", "Review B"):
        queued = make_article(title=title, author=writer, status=Article.Status.DRAFT)
        article_submit(article=queued, user=writer)

    for width in WIDTHS:
        page = open_page(width, scheme)
        login(page, editor)
        page.goto(f"/admin/articles/article/{article.pk}/history/")
        screenshot(page, f"newsroom-history-{width}-{scheme}")
        page.goto(f"/admin/articles/article/{article.pk}/history/{first_revision.revision_id}/")
        assert page.locator(".newsroom-diff ins").count() > 0
        assert_accessible(page)
        screenshot(page, f"newsroom-diff-{width}-{scheme}")
        page.goto("/admin/articles/articleinreview/")
        assert "Review A" in page.inner_text("#result_list")
        screenshot(page, f"newsroom-review-queue-{width}-{scheme}")
        page.click("text=Review A")
        page.wait_for_selector("input[name=_send_back]")
        screenshot(page, f"newsroom-review-form-{width}-{scheme}")

        page.goto(f"/admin/articles/article/{article.pk}/change/")
        article.refresh_from_db()
        article.body = article.body.replace("the next attestation", "Friday's attestation")
        article_save(article=article, user=ana)  # while the form is open
        page.fill("#id_title", "Stablecoins: a record supply")
        page.click("input[name=_continue]")
        page.wait_for_selector(".newsroom-conflict")
        assert_panel_accessible(page, ".newsroom-conflict")
        screenshot(page, f"newsroom-conflict-{width}-{scheme}")
