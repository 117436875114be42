from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import make_quote
from tickers.models import Coin, PriceRefresh, Quote
from tickers.providers import providers_from_settings
from tickers.selectors import CACHE_KEY, ticker_strip
from tickers.services import quotes_refresh

from .conftest import simple_price

pytestmark = pytest.mark.django_db
PATH = "/api/v3/simple/price"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
UPDATED = int((NOW - timedelta(seconds=40)).timestamp())


def refresh():
    return quotes_refresh(providers=providers_from_settings(), now=NOW)


def test_good_quotes_are_stored_and_the_cached_strip_rebuilt(coingecko):
    coingecko.expect_request(PATH).respond_with_json(
        simple_price(bitcoin=(61262.0, 0.5, UPDATED), dogecoin=(0.0831, -4.2, UPDATED))
    )
    result = refresh()

    assert [quote.coin.symbol for quote in result.stored] == ["BTC", "DOGE"]
    btc = Quote.objects.get(coin__symbol="BTC")
    assert btc.price == Decimal("61262")
    assert btc.change_24h == Decimal("0.5")
    assert btc.as_of == NOW - timedelta(seconds=40)
    assert btc.fetched_at == NOW
    rows = cache.get(CACHE_KEY)
    assert [row["symbol"] for row in rows] == ["BTC", "DOGE"]
    assert rows[1]["price_display"] == "$0.0831"


def test_missing_and_absurd_values_are_skipped_and_the_rest_kept(coingecko):
    coingecko.expect_request(PATH).respond_with_data(
        '{"bitcoin": {"usd": 61262.0, "usd_24h_change": null, "last_updated_at": UPDATED},'
        ' "ethereum": {"usd": -5},'
        ' "solana": {"usd": 0},'
        ' "binancecoin": {"usd": NaN},'
        ' "ripple": {"usd": Infinity},'
        ' "cardano": {"usd": "0.35"},'
        ' "dogecoin": {"usd": true},'
        ' "polkadot": {"eur": 4.1},'
        ' "avalanche-2": {"usd": 1e-20},'
        ' "chainlink": {"usd": 10.9, "usd_24h_change": NaN, "last_updated_at": 1e30}}'.replace(
            "UPDATED", str(UPDATED)
        ),
        content_type="application/json",
    )
    result = refresh()

    assert {quote.coin.symbol for quote in result.stored} == {"BTC", "LINK"}
    assert set(result.skipped) == set(
        Coin.objects.exclude(symbol__in=["BTC", "LINK"]).values_list("symbol", flat=True)
    )
    assert result.skipped["ETH"] == "price out of range: -5"
    assert result.skipped["ARB"] == "missing"
    link = Quote.objects.get(coin__symbol="LINK")
    assert link.change_24h is None
    assert link.as_of == NOW  # an absurd timestamp falls back to the refresh time
    assert Quote.objects.get(coin__symbol="BTC").change_24h is None


def test_inactive_coins_are_not_requested(coingecko):
    Coin.objects.exclude(symbol="BTC").update(is_active=False)
    coingecko.expect_oneshot_request(PATH, query_string={"ids": "bitcoin"}, method="GET")
    coingecko.expect_request(PATH).respond_with_json({})
    refresh()
    request, _ = coingecko.log[0]
    assert request.args["ids"] == "bitcoin"


@pytest.mark.parametrize(
    ("status", "body"), [(500, "{}"), (429, "{}"), (200, "not json"), (200, "[]")]
)
def test_a_failed_refresh_keeps_the_last_good_prices(coingecko, status, body):
    btc = Coin.objects.get(symbol="BTC")
    make_quote(btc, price=Decimal("60000"), as_of=NOW - timedelta(minutes=30))
    coingecko.expect_request(PATH).respond_with_data(body, status=status)

    result = refresh()

    assert not result.stored and result.error
    assert Quote.objects.count() == 1
    strip = ticker_strip(now=NOW)
    assert strip["stale"] is True
    assert strip["rows"][0]["price_display"] == "$60,000.00"
    record = PriceRefresh.objects.get()
    assert record.stored == 0 and record.error == result.error and not record.succeeded


def test_a_quote_sent_again_with_the_same_time_is_stored_once(coingecko):
    coingecko.expect_request(PATH).respond_with_json(simple_price(bitcoin=(61262.0, 0.5, UPDATED)))
    refresh()
    later = NOW + timedelta(minutes=1)

    result = quotes_refresh(providers=providers_from_settings(), now=later)

    assert [quote.coin.symbol for quote in result.stored] == ["BTC"]
    btc = Quote.objects.get(coin__symbol="BTC")
    assert (btc.as_of, btc.fetched_at) == (NOW - timedelta(seconds=40), later)
    assert PriceRefresh.objects.filter(stored=1).count() == 2


def test_the_database_refuses_two_quotes_for_one_coin_and_time():
    btc = Coin.objects.get(symbol="BTC")
    make_quote(btc, as_of=NOW)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_quote(btc, as_of=NOW)


def test_quotes_older_than_the_history_window_are_pruned_after_a_good_refresh(coingecko):
    btc = Coin.objects.get(symbol="BTC")
    old = make_quote(btc, as_of=NOW - timedelta(days=7, minutes=1))
    kept = make_quote(btc, as_of=NOW - timedelta(days=6))
    coingecko.expect_request(PATH).respond_with_json(simple_price(bitcoin=(61262.0, 0.5, UPDATED)))
    refresh()
    assert not Quote.objects.filter(pk=old.pk).exists()
    assert Quote.objects.filter(pk=kept.pk).exists()


def test_each_refresh_is_recorded_and_logged_in_one_line(coingecko, caplog):
    coingecko.expect_request(PATH).respond_with_json(simple_price(bitcoin=(61262.0, 0.5, UPDATED)))
    with caplog.at_level("INFO", logger="tickers.services"):
        refresh()
    record = PriceRefresh.objects.get()
    assert record.succeeded and record.stored == 1 and "ETH (missing)" in record.skipped
    assert record.finished_at == NOW
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith(("tickers", "httpx"))]
    assert line.startswith("refresh_prices providers=coingecko stored=1 skipped=16 held=0")


def test_the_demo_provider_walks_on_from_the_last_price():
    from tickers.providers import DemoProvider

    btc = Coin.objects.get(symbol="BTC")
    make_quote(btc, price=Decimal("40000"), as_of=timezone.now() - timedelta(hours=25))
    make_quote(btc, price=Decimal("50000"), as_of=timezone.now() - timedelta(minutes=1))
    result = quotes_refresh(providers=[DemoProvider()])

    assert len(result.stored) == Coin.objects.active().count()
    new_btc = Quote.objects.filter(coin=btc).latest("fetched_at")
    assert Decimal("49000") < new_btc.price < Decimal("51000")
    expected = (new_btc.price - 40000) / 40000 * 100
    assert abs(new_btc.change_24h - expected) <= Decimal("0.0001")
    sui = Quote.objects.get(coin__symbol="SUI")
    assert sui.price == pytest.approx(Decimal("1.742"), rel=Decimal("0.02"))


def test_with_no_active_coins_nothing_is_asked_and_the_failure_recorded(coingecko):
    Coin.objects.update(is_active=False)
    result = refresh()
    assert result.error == "no active coins"
    assert coingecko.log == []
    assert PriceRefresh.objects.get().error == "no active coins"
