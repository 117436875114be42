from io import StringIO

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible

VIEWPORT_WIDTHS = {"phone": 375, "desktop": 1280}


@pytest.fixture
def demo_site(transactional_db):
    call_command("seed_demo", stdout=StringIO())


def test_a_reader_searches_from_the_header_and_opens_the_best_match(
    new_page, screenshot, demo_site
):
    page = new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto("/")
    page.fill("#site-search", "restaking")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=restaking")

    assert page.input_value("#site-search") == "restaking"
    first = page.locator(".search-result").first
    assert first.locator("h2").inner_text().startswith("Restaking meets AI services")
    assert first.locator("mark").first.inner_text().lower() == "restaking"

    first.locator("h2 a").click()
    assert page.locator("h1").inner_text().startswith("Restaking meets AI services")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.locator(".related__item").count() >= 1
    assert_accessible(page)
    screenshot(page, "article-related-desktop-light")
    page.locator(".meta__author a").click()
    assert page.locator("h1").inner_text() == "Daniel Hartmann"
    assert errors == []  # the JSON-LD block raises no CSP violation


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_author_and_archive_pages_are_accessible(
    new_page, screenshot, demo_site, viewport, scheme
):
    page = new_page(viewport, color_scheme=scheme)

    for name, url in [
        ("search", "/search/?q=agents+wallets"),
        ("search-empty", "/search/?q=quantum+teleportation"),
        ("author", "/authors/maya.okafor/"),
        ("archive", "/archive/"),
    ]:
        page.goto(url)
        assert_accessible(page)
        screenshot(page, f"{name}-{viewport}-{scheme}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORT_WIDTHS[viewport], f"{url} scrolls sideways"
