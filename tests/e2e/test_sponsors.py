"""Sponsors in a real browser: an editor books a placement, a reader sees it and clicks it."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.utils import timezone

from sponsors.models import Enquiry, Placement
from tests.e2e.conftest import assert_accessible, login
from tests.factories import (
    make_article,
    make_articles,
    make_editor,
    make_placement,
    make_quote,
)
from tests.sponsors.conftest import png
from tickers.models import Coin

VIEWPORT_WIDTHS = {"phone": 375, "desktop": 1280}

# Layout shifts the browser itself measured since navigation (the CLS sum).
CLS_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture
def editor_user(transactional_db):
    return make_editor(username="eda")


@pytest.fixture
def served_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True
    return tmp_path


def test_editor_books_a_placement_and_a_readers_click_is_counted(
    new_page, editor_user, httpserver, live_server, screenshot
):
    httpserver.expect_request("/sealed").respond_with_data(
        "<!doctype html><title>Lattice</title><h1>Lattice sealed GPUs</h1>",
        content_type="text/html",
    )
    article = make_article(title="Enclaves in practice")
    make_articles(3)
    today = timezone.localdate()

    before = new_page()
    before.goto(article.get_absolute_url())
    assert "For businesses" in before.text_content(".sponsor-house")  # nothing booked yet
    screenshot(before.locator(".sponsor-house"), "sponsors-house-desktop")

    editor = new_page()
    login(editor, editor_user)
    editor.goto("/admin/sponsors/placement/add/")
    editor.fill("#id_sponsor_name", "Lattice Labs")
    editor.fill("#id_headline", "Private inference on sealed GPUs")
    editor.fill("#id_text", "Run models on data nobody can read, not even us.")
    editor.fill("#id_url", httpserver.url_for("/sealed"))
    editor.fill("#id_starts_on", today.isoformat())
    editor.fill("#id_ends_on", (today + timedelta(days=6)).isoformat())
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    assert "Private inference on sealed GPUs" in editor.inner_text("#running-today + table")

    reader = new_page()
    requested_hosts = set()
    reader.on("request", lambda request: requested_hosts.add(urlsplit(request.url).netloc))
    reader.goto(article.get_absolute_url())
    slot = reader.locator("aside.sponsor--article")
    assert "Sponsored" in slot.text_content() and "Lattice Labs" in slot.text_content()
    assert slot.locator("a").get_attribute("rel") == "sponsored noopener"

    reader.goto("/")
    home_slot = reader.locator("aside.sponsor--home")
    assert "Private inference on sealed GPUs" in home_slot.inner_text()
    assert requested_hosts == {urlsplit(live_server.url).netloc}  # no third party, ever

    home_slot.locator("a").click()
    reader.wait_for_url(httpserver.url_for("/sealed"))
    assert reader.inner_text("h1") == "Lattice sealed GPUs"
    assert Placement.objects.get().clicks == 1
    assert not reader.context.cookies()  # counting a click sets nothing in the browser


def test_a_business_sends_an_enquiry_fixing_a_mistake_on_the_way(new_page, settings):
    settings.SPONSORS_MIN_SECONDS_TO_POST = 0
    page = new_page("phone")
    page.goto("/advertise/")
    page.fill("#id_name", "Ada Lovelace")
    page.fill("#id_company", "Analytical Engines")
    page.fill("#id_email", "ada@")
    page.select_option("#id_budget", "1k-5k")
    page.fill("#id_message", "A newsletter slot in May, please.")
    page.click("text=Send enquiry")

    assert "Enter a valid email address." in page.inner_text("#id_email_error")
    assert page.input_value("#id_message") == "A newsletter slot in May, please."
    assert page.evaluate("() => document.activeElement.id") == "id_email"
    assert not Enquiry.objects.exists()

    page.fill("#id_email", "ada@engines.example")
    page.click("text=Send enquiry")
    page.wait_for_url("**/advertise/thanks/")
    assert Enquiry.objects.get().email == "ada@engines.example"


@pytest.fixture
def booked(served_media, transactional_db):
    """A placement in every slot, with an image, and prices in the strip."""
    make_quote(Coin.objects.get(symbol="BTC"), as_of=timezone.now())
    make_quote(Coin.objects.get(symbol="ETH"), as_of=timezone.now())
    make_articles(5)
    article = make_article(
        title="Restaking, explained",
        summary="What EigenLayer changes for Ethereum's security budget.",
        tags=["Restaking"],
    )
    make_placement(
        sponsor_name="Lattice Compute Labs",
        headline="Private inference on sealed GPUs, billed by the second",
        text="Run open models on data nobody can read, not even the cloud. Free for 30 days.",
        image=png(320, 180),
        image_alt="Lattice Compute Labs logo",
    )
    return article


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_slot_is_accessible_stable_and_looked_at(
    new_page, screenshot, booked, settings, live_server, httpserver, viewport, scheme
):
    page = new_page(viewport, color_scheme=scheme)

    for name, url in [
        ("home", "/"),
        ("article", booked.get_absolute_url()),
        ("advertise", "/advertise/"),
    ]:
        page.goto(url)
        assert_accessible(page)
        assert page.evaluate(CLS_SCRIPT) == 0, f"{name} shifts its layout"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORT_WIDTHS[viewport], f"{name} scrolls sideways"
        screenshot(page, f"sponsors-{name}-{viewport}-{scheme}")
    page.goto("/")
    # On a phone the strip has room for prices only (sponsors.css).
    assert page.locator(".sponsor--ticker").is_visible() == (viewport == "desktop")
    screenshot(page.locator(".ticker"), f"sponsors-ticker-{viewport}-{scheme}")

    settings.SITE_URL = live_server.url  # the email's images and links point at this server
    email = Template(
        '{% extends "email/base.html" %}{% load sponsors %}{% block content %}'
        "<h1>Today’s briefings</h1><p>Three things worth your time.</p>"
        '{% sponsor_slot "newsletter" %}<p>More tomorrow.</p>{% endblock %}'
    ).render(Context({"SITE_NAME": "Convergence", "SITE_URL": live_server.url}))
    # Shown as a mail client would: from elsewhere, without the site's CSP.
    httpserver.expect_request("/digest").respond_with_data(email, content_type="text/html")
    page.goto(httpserver.url_for("/digest"))
    assert page.evaluate("() => document.images[0].naturalWidth") == 320
    screenshot(page, f"sponsors-newsletter-{viewport}-{scheme}")
