"""The price strip in Chromium: visible at once, pausable, still under reduced motion, live."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_quote
from tickers.demo import seed_quotes
from tickers.models import Coin, Quote
from tickers.selectors import ticker_cache_refresh

TRACK = ".ticker__track"


@pytest.fixture
def prices(transactional_db):
    seed_quotes()
    ticker_cache_refresh()


def animation(page):
    return page.eval_on_selector(
        TRACK,
        "el => { const s = getComputedStyle(el);"
        " return {name: s.animationName, state: s.animationPlayState, transform: s.transform}; }",
    )


def offset(page):
    return page.eval_on_selector(TRACK, "el => el.getBoundingClientRect().left")


def leave_the_strip(page):
    # Hover and keyboard focus pause the strip too; step away to test the button alone.
    page.mouse.move(600, 700)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def test_the_strip_is_visible_at_load_at_a_fixed_height_and_moves(page, prices):
    page.goto("/")
    btc = page.locator('#ticker .ticker-item[data-symbol="BTC"]')
    assert btc.is_visible()
    assert btc.locator(".ticker-price").inner_text().startswith("$")
    assert page.locator("#ticker .ticker-item").count() == 17
    assert page.locator(".ticker").bounding_box()["height"] == 40
    assert page.locator(".ticker__toggle").is_visible()
    leave_the_strip(page)
    assert animation(page)["name"] == "ticker-scroll"
    start = offset(page)
    page.wait_for_timeout(400)
    assert offset(page) < start
    assert_accessible(page)


def test_under_reduced_motion_the_strip_stands_still_and_scrolls_by_hand(new_page, prices):
    page = new_page("phone", reduced_motion="reduce")
    page.goto("/")
    assert animation(page)["name"] == "none"
    start = offset(page)
    page.wait_for_timeout(400)
    assert offset(page) == start
    assert not page.locator(".ticker__toggle").is_visible()
    assert not page.locator(".ticker__list--copy").is_visible()
    scroll = page.eval_on_selector(
        ".ticker__viewport", "el => ({width: el.scrollWidth, visible: el.clientWidth})"
    )
    assert scroll["width"] > scroll["visible"]
    page.eval_on_selector(".ticker__viewport", "el => { el.scrollLeft = 300; }")
    assert page.eval_on_selector(".ticker__viewport", "el => el.scrollLeft") == 300


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_pause_button_stops_and_restarts_the_motion(new_page, prices, screenshot, viewport):
    page = new_page(viewport)
    page.goto("/")
    screenshot(page, f"ticker-moving-{viewport}")
    page.get_by_role("button", name="Pause prices").click()
    leave_the_strip(page)
    toggle = page.get_by_role("button", name="Play prices")
    assert toggle.is_visible()
    assert animation(page)["state"] == "paused"
    start = offset(page)
    page.wait_for_timeout(400)
    assert offset(page) == start

    toggle.click()
    leave_the_strip(page)
    assert animation(page)["state"] == "running"
    page.wait_for_timeout(400)
    assert offset(page) < start


def test_hover_and_keyboard_focus_pause_the_strip(page, prices):
    page.goto("/")
    page.hover(".ticker__viewport")
    assert animation(page)["state"] == "paused"
    leave_the_strip(page)
    page.focus('#ticker .ticker-item[data-symbol="SOL"] a')
    assert animation(page)["state"] == "paused"


def test_without_javascript_the_strip_is_a_still_list(new_page, prices):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    assert page.locator('#ticker .ticker-item[data-symbol="BTC"]').is_visible()
    assert animation(page)["name"] == "none"
    assert not page.locator(".ticker__toggle").is_visible()


def test_numbers_update_after_tickers_json_changes(page, prices):
    page.goto("/")
    btc = Coin.objects.get(symbol="BTC")
    make_quote(btc, price=Decimal("70123.456"), change_24h=Decimal("-3.21"), as_of=timezone.now())
    doge = Coin.objects.get(symbol="DOGE")
    make_quote(
        doge, price=Decimal("0.0000146249"), change_24h=Decimal("-0.05"), as_of=timezone.now()
    )
    ticker_cache_refresh()

    page.evaluate("() => document.dispatchEvent(new Event('ticker:refresh'))")

    price = page.locator('#ticker .ticker-item[data-symbol="BTC"] .ticker-price')
    page.wait_for_function(
        "() => document.querySelector('#ticker [data-symbol=BTC] .ticker-price')"
        ".textContent === '$70,123.46'"
    )
    assert price.inner_text() == "$70,123.46"
    change = page.locator('#ticker .ticker-item[data-symbol="BTC"] .ticker-change')
    assert change.get_attribute("class") == "ticker-change down"
    assert change.inner_text() == "▼ -3.2%"
    copies = page.locator('.ticker__list--copy [data-symbol="BTC"] .ticker-price')
    assert copies.text_content() == "$70,123.46"
    # The script shows the server's strings (tickers/formatting.py); a half-way fall rounds
    # away from zero there, which JavaScript's Math.round did not.
    doge_item = page.locator('#ticker .ticker-item[data-symbol="DOGE"]')
    assert doge_item.locator(".ticker-price").inner_text() == "$0.00001462"
    assert doge_item.locator(".ticker-change").inner_text() == "▼ -0.1%"
    assert doge_item.locator(".ticker-change").get_attribute("class") == "ticker-change down"


def test_a_stale_strip_says_so_and_clears_when_prices_return(new_page, prices, screenshot):
    doge = Coin.objects.get(symbol="DOGE")
    old = timezone.now() - timedelta(minutes=30)
    Quote.objects.filter(as_of__gt=old).delete()
    make_quote(doge, price=Decimal("0.0831"), as_of=old)
    ticker_cache_refresh()
    page = new_page("phone")
    page.goto("/")
    screenshot(page, "ticker-stale-phone")
    note = page.locator(".ticker__note")
    assert note.is_visible()
    assert note.inner_text().endswith(f"Delayed {old:%H:%M} UTC")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert note.inner_text() == f"Prices delayed — as of {old:%H:%M} UTC"

    make_quote(doge, price=Decimal("0.09"), as_of=timezone.now())
    ticker_cache_refresh()
    page.evaluate("() => document.dispatchEvent(new Event('ticker:refresh'))")
    note.wait_for(state="hidden")
    assert page.locator('#ticker [data-symbol="DOGE"] .ticker-price').inner_text() == "$0.09"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_and_coin_pages_look_right(new_page, prices, screenshot, viewport, scheme):
    make_article(title="Bitcoin treasuries meet AI agents", tags=["Bitcoin", "AI"])
    page = new_page(viewport, color_scheme=scheme, reduced_motion="reduce")
    page.goto("/")
    screenshot(page, f"ticker-home-{viewport}-{scheme}")
    assert_accessible(page)
    page.click('#ticker .ticker-item[data-symbol="BTC"] a')
    page.wait_for_url("**/tickers/btc/")
    assert page.locator("svg[role=img]").count() == 2
    assert "Bitcoin treasuries meet AI agents" in page.inner_text(".coin__briefings")
    screenshot(page, f"ticker-coin-{viewport}-{scheme}")
    assert_accessible(page)
