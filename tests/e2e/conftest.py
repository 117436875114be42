"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Flows for other apps go beside test_publishing.py and use the fixtures here: `browser`,
`page` (an anonymous reader), `login(page, user)`, `assert_accessible(page)` and `screenshot`.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
SCREENSHOTS = ROOT / "screenshots"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db, django_db_serialized_rollback):
    """Open pages in fresh browser contexts (separate cookies), closed after the test."""
    contexts = []

    def open_page(viewport="desktop", **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=VIEWPORTS[viewport], **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, user, password="a-long-test-password"):
    page.goto("/admin/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def assert_accessible(page, impacts=("serious", "critical")):
    """Run axe-core in the page and fail on any violation of the given impacts."""
    # Injected through the DevTools protocol: our own CSP rightly blocks inline scripts.
    page.evaluate(f"() => {{ {AXE_SOURCE}\n; window.__axe = axe; }}")
    results = page.evaluate("() => window.__axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in results["violations"] if v["impact"] in impacts]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in serious
    ]
    assert not serious, "\n".join(details)


@pytest.fixture
def screenshot():
    """Save a full-page PNG under screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
