"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Flows for other apps go beside test_publishing.py and use the fixtures here: `browser`,
`page` (an anonymous reader), `login(page, user)`, `assert_accessible(page)` and `screenshot`
(pictures are saved only with `--screenshots`, as `make screenshots` runs).
"""

import os
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Locator, sync_playwright

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
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
            # The live server needs committed rows; the rollback restores data migrations' rows.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # Playwright's greenlets give the test code a fresh contextvars context, hence fresh
    # database connection objects that lack the snapshot taken at database setup, which
    # serialized rollback restores from: carry it over.
    snapshot = getattr(connection, "_test_serialized_contents", None)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        if snapshot is not None:
            connection._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def new_page(browser, live_server):
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
def screenshot(request):
    """Save a full-page PNG under screenshots/ for a person to look at.

    Only with `--screenshots` (`make screenshots`): a picture asserts nothing, and taking
    them all costs the suite a minute. The checks around them run either way."""
    wanted = request.config.getoption("--screenshots")
    if wanted:
        SCREENSHOTS.mkdir(exist_ok=True)

    def take(target, name):
        """`target` a page (all of it) or a locator (that element)."""
        path = SCREENSHOTS / f"{name}.png"
        if wanted:
            options = {} if isinstance(target, Locator) else {"full_page": True}
            target.screenshot(path=str(path), **options)
        return path

    return take
