"""The {% ticker %} strip on every page: HTML hooks, accessibility, staleness, query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_quote
from tickers.models import Coin
from tickers.selectors import ticker_cache_refresh

pytestmark = pytest.mark.django_db


def render_strip():
    return Template("{% load tickers %}{% ticker %}").render(Context())


@pytest.fixture
def quotes():
    now = timezone.now()
    prices = {"BTC": ("61262", "0.5"), "ETH": ("2415.8", "-4.2"), "DOGE": ("0.0831", "0")}
    for symbol, (price, change) in prices.items():
        make_quote(
            Coin.objects.get(symbol=symbol),
            price=Decimal(price),
            change_24h=Decimal(change),
            as_of=now - timedelta(minutes=1),
        )


def test_each_coin_has_its_price_and_change_with_sign_and_arrow(quotes, client):
    response = client.get(reverse("articles:list"))
    html = response.content.decode()
    assert html.count('id="ticker"') == 1
    assert 'aria-label="Crypto prices in US dollars"' in html
    btc = (
        '<li class="ticker-item" data-symbol="BTC"><a href="/tickers/btc/">'
        '<span class="ticker-symbol">BTC</span> <span class="ticker-price">$61,262.00</span> '
        '<span class="ticker-change up"><span class="ticker-arrow" aria-hidden="true">▲</span> '
        '<span class="ticker-percent">+0.5%</span></span></a></li>'
    )
    assert btc in html
    assert (
        '<span class="ticker-change down"><span class="ticker-arrow" aria-hidden="true">▼</span> '
        '<span class="ticker-percent">-4.2%</span>' in html
    )
    assert '<span class="ticker-price">$0.0831</span>' in html
    assert '<span class="ticker-percent">0.0%</span>' in html


def test_the_loop_copy_is_hidden_from_screen_readers_and_the_tab_key(quotes):
    html = render_strip()
    real, copy = html.split('<ul class="ticker__list ticker__list--copy" aria-hidden="true">')
    assert real.count('class="ticker-item"') == copy.count('class="ticker-item"') == 3
    assert copy.count('tabindex="-1"') == 3
    assert "tabindex" not in real
    assert real.index('id="ticker"') < real.index("ticker-item")


def test_the_pause_button_is_there_for_the_script_to_show(quotes):
    html = render_strip()
    assert '<button type="button" class="ticker__toggle" hidden>' in html


def test_fresh_prices_show_no_delay_note(quotes):
    html = render_strip()
    assert '<section class="ticker" ' in html
    assert '<p class="ticker__note" hidden>' in html


def test_old_prices_say_they_are_delayed_and_since_when(quotes):
    newest = timezone.now() - timedelta(minutes=1)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        html = render_strip()
    assert '<section class="ticker ticker--stale" ' in html
    assert (
        '<p class="ticker__note"><span class="ticker__note-wide">Prices delayed — as of</span>'
        '<span class="ticker__note-narrow" aria-hidden="true">Delayed</span> '
        f'<time datetime="{newest:%Y-%m-%dT%H:%M}' in html
    )
    assert f"{newest:%H:%M} UTC</time></p>" in html


def test_no_quotes_yet_gives_a_plain_message():
    html = render_strip()
    assert (
        '<p id="ticker" class="ticker__empty">Prices will appear here after the first refresh.</p>'
        in html
    )
    assert "ticker__toggle" not in html


def test_inactive_coins_and_coins_without_quotes_are_left_out(quotes):
    Coin.objects.filter(symbol="ETH").update(is_active=False)
    ticker_cache_refresh()
    html = render_strip()
    assert 'data-symbol="BTC"' in html
    assert 'data-symbol="ETH"' not in html
    assert 'data-symbol="SOL"' not in html


def test_editing_a_coin_in_the_admin_shows_at_once(quotes, django_capture_on_commit_callbacks):
    render_strip()
    with django_capture_on_commit_callbacks(execute=True):  # the strip is forgotten on commit
        Coin.objects.get(symbol="DOGE").delete()
    assert 'data-symbol="DOGE"' not in render_strip()


@pytest.mark.parametrize("extra_quotes", [0, 50])
def test_the_strip_costs_one_query_cold_and_none_warm(
    quotes, extra_quotes, django_assert_num_queries
):
    btc = Coin.objects.get(symbol="BTC")
    for minutes in range(extra_quotes):
        make_quote(btc, as_of=timezone.now() - timedelta(minutes=minutes + 2))
    from django.core.cache import cache

    cache.clear()
    # The quotes, and today's sponsor placements for the link at the strip's end.
    with django_assert_num_queries(2):
        render_strip()
    with django_assert_num_queries(0):
        html = render_strip()
    assert html.count('class="ticker-item"') == 6


def test_a_page_with_the_strip_adds_no_query_on_a_warm_cache(
    quotes, client, django_assert_max_num_queries
):
    from tests.factories import make_articles

    make_articles(3)
    url = reverse("articles:list")
    client.get(url)
    with django_assert_max_num_queries(100) as warm:
        client.get(url)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(100) as cold:
        client.get(url)
    # Navigation, quotes and today's sponsor placements (one query for every slot).
    assert len(cold.captured_queries) - len(warm.captured_queries) <= 3
    assert not [q for q in warm.captured_queries if "tickers_" in q["sql"]]
