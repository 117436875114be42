from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_quote
from tickers.models import Coin

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def quotes():
    make_quote(
        Coin.objects.get(symbol="BTC"),
        price=Decimal("61262.000000000000"),
        change_24h=Decimal("0.5000"),
        as_of=NOW - timedelta(minutes=2),
        source="coingecko",
    )
    make_quote(
        Coin.objects.get(symbol="DOGE"),
        price=Decimal("0.000014620000"),
        change_24h=None,
        as_of=NOW - timedelta(minutes=1),
    )


@time_machine.travel(NOW, tick=False)
def test_tickers_json_has_the_documented_shape_with_decimals_as_strings(quotes, client):
    response = client.get(reverse("tickers:json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "as_of": "2026-11-25T08:59:00Z",
        "stale": False,
        "coins": [
            {
                "symbol": "BTC",
                "name": "Bitcoin",
                "price": "61262",
                "change_24h": "0.5",
                "as_of": "2026-11-25T08:58:00Z",
                "source": "coingecko",
                "source_name": "CoinGecko",
                "price_display": "$61,262.00",
                "change_display": "+0.5%",
                "direction": "up",
                "arrow": "▲",
            },
            {
                "symbol": "DOGE",
                "name": "Dogecoin",
                "price": "0.00001462",
                "change_24h": None,
                "as_of": "2026-11-25T08:59:00Z",
                "source": None,
                "source_name": None,
                "price_display": "$0.00001462",
                "change_display": "—",
                "direction": "up",
                "arrow": "–",
            },
        ],
    }


def test_tickers_json_says_stale_when_the_newest_quote_is_old(quotes, client):
    with time_machine.travel(NOW + timedelta(minutes=12), tick=False):
        assert client.get(reverse("tickers:json")).json()["stale"] is True


def test_tickers_json_with_no_quotes_is_empty_and_stale(client):
    assert client.get(reverse("tickers:json")).json() == {"as_of": None, "stale": True, "coins": []}


def test_tickers_json_is_cacheable_and_answers_304_to_a_matching_etag(
    quotes, client, django_assert_num_queries
):
    url = reverse("tickers:json")
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=30"
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')

    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    make_quote(Coin.objects.get(symbol="BTC"), price=Decimal("62000"), as_of=NOW)
    from tickers.selectors import ticker_cache_refresh

    ticker_cache_refresh()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_tickers_json_costs_one_query_cold_and_none_warm(quotes, client, django_assert_num_queries):
    url = reverse("tickers:json")
    cache.clear()
    with django_assert_num_queries(1):
        client.get(url)
    with django_assert_num_queries(0):
        client.get(url)


def test_tickers_json_refuses_writes(client):
    assert client.post(reverse("tickers:json")).status_code == 405


# --- Coin page ------------------------------------------------------------------------


@pytest.fixture
def btc_history():
    btc = Coin.objects.get(symbol="BTC")
    now = timezone.now()
    for hours in range(0, 7 * 24, 6):
        make_quote(
            btc,
            price=Decimal(60000 + hours * 10),
            change_24h=Decimal("-1.2"),
            as_of=now - timedelta(hours=hours, minutes=1),
        )
    return btc


def test_the_coin_page_shows_price_change_and_two_accessible_charts(btc_history, client):
    response = client.get("/tickers/BTC/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="page-title">Bitcoin <span class="page-title__sub">BTC</span></h1>' in html
    assert '<span class="coin__price">$60,000.00</span>' in html
    assert '<span class="ticker-arrow" aria-hidden="true">▼</span> -1.2%' in html
    assert html.count('role="img"') == 2
    assert '<title id="chart-day-title">BTC price, last 24 hours</title>' in html
    assert '<title id="chart-week-title">BTC price, last 7 days</title>' in html
    assert 'aria-describedby="chart-week-summary"' in html
    assert "Over the last 7 days: high $61,620.00, low $60,000.00, change -2.6%" in html
    assert "style=" not in html  # the CSP allows no inline styles


def test_the_coin_page_is_found_by_symbol_in_any_case(btc_history, client):
    assert client.get(reverse("tickers:detail", kwargs={"symbol": "btc"})).status_code == 200
    assert btc_history.get_absolute_url() == "/tickers/btc/"


@pytest.mark.parametrize("symbol", ["nope", "ETH2"])
def test_unknown_coins_are_not_found(client, symbol):
    assert client.get(f"/tickers/{symbol}/").status_code == 404


def test_inactive_coins_are_not_found(client):
    Coin.objects.filter(symbol="SOL").update(is_active=False)
    assert client.get("/tickers/sol/").status_code == 404


def test_a_coin_without_history_says_so(client):
    html = client.get("/tickers/sui/").content.decode()
    assert "No price yet" in html
    assert html.count("Not enough price history yet for this chart.") == 2


def test_the_coin_page_lists_published_briefings_tagged_with_the_coin(btc_history, client):
    by_name = make_article(title="Bitcoin miners and AI", tags=["bitcoin", "AI"])
    by_symbol = make_article(title="BTC ETF flows", tags=["BTC"])
    both = make_article(title="Both tags", tags=["Bitcoin", "btc"])
    make_article(title="A draft about bitcoin", tags=["Bitcoin"], status=Article.Status.DRAFT)
    make_article(title="Ether only", tags=["ethereum"])

    response = client.get("/tickers/btc/")

    assert list(response.context["briefings"]) == [by_name, by_symbol, both]
    html = response.content.decode()
    assert "A draft about bitcoin" not in html
    assert "Ether only" not in html


@pytest.mark.parametrize("articles", [1, 8])
def test_the_coin_page_costs_the_same_queries_however_many_briefings(
    btc_history, client, articles, django_assert_num_queries
):
    for n in range(articles):
        make_article(title=f"Bitcoin {n}", tags=["Bitcoin", f"tag-{n}"])
    client.get("/tickers/btc/")  # warm the strip
    # The coin, 24 hours of quotes, 7 days by the hour, the briefings and their tags.
    with django_assert_num_queries(5):
        client.get("/tickers/btc/")


# --- Where each price comes from ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_coin_page_says_which_provider_priced_it_and_when(client):
    make_quote(
        Coin.objects.get(symbol="ETH"),
        price=Decimal("2415.8"),
        as_of=datetime(2026, 11, 25, 8, 56, 40, tzinfo=UTC),
        source="coinpaprika",
    )
    html = client.get("/tickers/eth/").content.decode()
    assert (
        '<span class="coin__source">Price from CoinPaprika, '
        '<time datetime="2026-11-25T08:56:40+00:00">08:56 UTC</time></span>'
    ) in html


@time_machine.travel(NOW, tick=False)
def test_a_price_from_another_day_says_the_day(client):
    make_quote(
        Coin.objects.get(symbol="ETH"),
        price=Decimal("2415.8"),
        as_of=NOW - timedelta(days=1, minutes=3),
        source="coingecko",
    )
    html = client.get("/tickers/eth/").content.decode()
    assert "Price from CoinGecko, <time" in html
    assert ">24 Nov 2026, 08:57 UTC</time>" in html


@pytest.mark.parametrize("path", ["/", "/tickers/btc/", "/tickers.json"])
def test_a_page_view_never_calls_a_provider(two_providers, client, path):
    coingecko, coinpaprika = two_providers
    make_quote(Coin.objects.get(symbol="BTC"), as_of=timezone.now() - timedelta(hours=2))
    cache.clear()
    assert client.get(path).status_code == 200
    assert coingecko.log == [] and coinpaprika.log == []
