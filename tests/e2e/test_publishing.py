import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_article, make_section, make_user


@pytest.fixture
def editor_user(transactional_db):
    user = make_user(username="eda", is_staff=True, first_name="Eda", last_name="Tor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editor_publishes_in_the_admin_and_a_reader_opens_it(new_page, editor_user):
    make_section(name="Agents", slug="agents")
    editor = new_page()
    login(editor, editor_user)

    editor.goto("/admin/articles/article/add/")
    editor.fill("#id_title", "Agents learn to pay their own way")
    editor.press("#id_title", "Tab")
    assert (
        editor.input_value("#id_slug") == "agents-learn-to-pay-their-own-way"
    )  # filled by the admin
    editor.fill("#id_summary", "Software with wallets changes who the customer is.")
    editor.fill(
        "#id_body", "## What changed\n\nAgents hold keys now.\n\n## Why it matters\n\nFees."
    )
    editor.select_option("#id_section", label="Agents")
    editor.fill("#id_tags", "AI Agents, Ethereum")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")

    article = Article.objects.get(slug="agents-learn-to-pay-their-own-way")
    assert article.author == editor_user and article.is_published

    reader = new_page()
    reader.goto("/")
    reader.click("text=Agents learn to pay their own way")
    reader.wait_for_url(f"**{article.get_absolute_url()}")
    assert reader.inner_text("article.article h1") == "Agents learn to pay their own way"
    assert reader.inner_text(".article-body h2 >> nth=0") == "What changed"
    assert reader.locator(".toc a").count() == 2
    reader.click("a.tag >> text=AI Agents")
    reader.wait_for_url("**/tags/ai-agents/")


def test_a_draft_is_hidden_from_readers_and_previewed_by_its_editor(new_page, editor_user):
    draft = make_article(title="Not yet", status=Article.Status.DRAFT, publish_at=timezone.now())

    reader = new_page()
    assert reader.goto(draft.get_absolute_url()).status == 404
    assert "couldn’t find that page" in reader.inner_text("h1")

    editor = new_page()
    login(editor, editor_user)
    editor.goto(draft.get_absolute_url())
    assert "Draft" in editor.inner_text(".preview-banner")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_and_article_pages_are_accessible(new_page, screenshot, viewport, scheme):
    article = make_article(
        title="Restaking, explained",
        summary="What EigenLayer changes for Ethereum's security budget.",
        body="Intro.\n\n## How it works\n\n- one\n- two\n\n"
        "## Risks\n\n| A | B |\n|--|--|\n| 1 | 2 |",
        tags=["EigenLayer", "Restaking"],
        is_sponsored=True,
    )
    make_article(title="A second briefing", tags=["ENS"])
    page = new_page(viewport, color_scheme=scheme)

    page.goto("/")
    assert_accessible(page)
    screenshot(page, f"home-{viewport}-{scheme}")

    page.goto(article.get_absolute_url())
    assert_accessible(page)
    screenshot(page, f"article-{viewport}-{scheme}")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= VIEWPORT_WIDTHS[viewport], "the page scrolls sideways"


VIEWPORT_WIDTHS = {"phone": 375, "desktop": 1280}


CODE_SAMPLE = (
    "## A check\n\nAn illustration:\n\n```python\n"
    "def may_sign(amount: float, limit: float) -> bool:\n"
    '    """Below the limit, the agent signs."""  # no human needed\n'
    "    return amount <= limit * 2\n```\n\nThe end."
)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_blocks_are_single_spaced_and_coloured(
    new_page, transactional_db, screenshot, viewport, scheme
):
    article = make_article(slug="code-sample", body=CODE_SAMPLE)
    page = new_page(viewport, color_scheme=scheme)
    page.goto(article.get_absolute_url())

    block = page.locator(".article-body .highlight pre")
    font_size, line_height = block.evaluate(
        "pre => { const style = getComputedStyle(pre.querySelector('code'));"
        " return [parseFloat(style.fontSize), pre.getBoundingClientRect().height]; }"
    )
    # Three lines and the block's padding: well under the double spacing it used to have.
    assert line_height < 3 * 1.7 * font_size + 2 * 20
    colours = {
        cls: page.locator(f".article-body .highlight .{cls}").first.evaluate(
            "el => getComputedStyle(el).color"
        )
        for cls in ("k", "nf", "sd", "c1", "mi")
    }
    plain = page.locator(".article-body .highlight code").evaluate(
        "el => getComputedStyle(el).color"
    )
    assert plain not in colours.values() and len(set(colours.values())) == 5
    assert_accessible(page)
    screenshot(page, f"briefing-code-{viewport}-{scheme}")
