"""A price that moved too far, too fast is held back unless a second provider agrees."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.factories import make_quote
from tickers.models import Coin, HeldQuote, Quote
from tickers.providers import providers_from_settings
from tickers.selectors import ticker_strip
from tickers.services import quotes_refresh

from .conftest import paprika_tickers, simple_price

pytestmark = pytest.mark.django_db
GECKO = "/api/v3/simple/price"
PAPRIKA = "/v1/tickers"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
UPDATED = int((NOW - timedelta(seconds=40)).timestamp())
PAPRIKA_UPDATED = "2026-11-25T08:59:30Z"


def refresh(now=NOW):
    return quotes_refresh(providers=providers_from_settings(), now=now)


@pytest.fixture
def btc_at_60000():
    """BTC alone, last priced 60,000 four minutes ago."""
    Coin.objects.exclude(symbol="BTC").update(is_active=False)
    return make_quote(
        Coin.objects.get(symbol="BTC"),
        price=Decimal("60000"),
        as_of=NOW - timedelta(minutes=4),
        source="coingecko",
    )


def gecko_says(server, price, updated=UPDATED):
    server.expect_oneshot_request(GECKO).respond_with_json(
        simple_price(bitcoin=(price, 0.5, updated))
    )


def paprika_says(server, price):
    server.expect_oneshot_request(PAPRIKA).respond_with_json(
        paprika_tickers(**{"btc-bitcoin": (price, 0.6, PAPRIKA_UPDATED)})
    )


def shown_price():
    return ticker_strip(now=NOW)["rows"][0]["price_display"]


def test_a_jump_the_second_provider_contradicts_is_held_and_the_second_price_shown(
    two_providers, btc_at_60000, caplog
):
    coingecko, coinpaprika = two_providers
    gecko_says(coingecko, 60_000_000.0)  # a factor of 1,000: a bad answer
    paprika_says(coinpaprika, 60150.0)

    with caplog.at_level("WARNING", logger="tickers.services"):
        result = refresh()

    assert shown_price() == "$60,150.00"
    assert Quote.objects.latest("as_of").source == "coinpaprika"
    held = HeldQuote.objects.get()
    assert (held.provider, held.price, held.last_price) == (
        "coingecko",
        Decimal("60000000"),
        Decimal("60000"),
    )
    assert (held.second_provider, held.second_price) == ("coinpaprika", Decimal("60150"))
    assert result.skipped == {}
    assert (
        "refresh_prices held back BTC from coingecko: 60000000 is +99900% on 60000 as of "
        "08:56 UTC; coinpaprika says 60150"
    ) in caplog.text


def test_a_jump_held_back_alone_is_stored_once_a_second_provider_agrees(
    two_providers, btc_at_60000
):
    coingecko, coinpaprika = two_providers
    gecko_says(coingecko, 95000.0)  # +58 %: maybe real, maybe not
    coinpaprika.expect_oneshot_request(PAPRIKA).respond_with_data("{}", status=503)

    first = refresh()

    assert not first.stored
    assert first.skipped["BTC"] == (
        "coinpaprika: HTTP 503; held back: 95000 is +58% on 60000 as of 08:56 UTC; "
        "no second provider to confirm it"
    )
    assert shown_price() == "$60,000.00"
    held = HeldQuote.objects.get()
    assert (held.second_provider, held.second_price) == ("", None)

    # A minute later CoinGecko says the same and CoinPaprika, back, agrees within 2 %.
    gecko_says(coingecko, 95100.0, updated=UPDATED + 60)
    paprika_says(coinpaprika, 94000.0)
    second = refresh(NOW + timedelta(minutes=1))

    assert [(q.source, q.price) for q in second.stored] == [("coingecko", Decimal("95100"))]
    assert second.held == []
    assert HeldQuote.objects.count() == 1


def test_two_providers_that_jump_alike_confirm_each_other_at_once(two_providers, btc_at_60000):
    coingecko, coinpaprika = two_providers
    gecko_says(coingecko, 30000.0)
    paprika_says(coinpaprika, 30100.0)

    result = refresh()

    assert [(q.source, q.price) for q in result.stored] == [("coingecko", Decimal("30000"))]
    assert not HeldQuote.objects.exists()


def test_two_providers_that_jump_apart_are_both_held(two_providers, btc_at_60000):
    coingecko, coinpaprika = two_providers
    gecko_says(coingecko, 200000.0)
    paprika_says(coinpaprika, 10.0)

    result = refresh()

    assert not result.stored
    assert sorted(HeldQuote.objects.values_list("provider", "second_provider", "second_price")) == [
        ("coingecko", "coinpaprika", Decimal("10")),
        ("coinpaprika", "coingecko", 200000),
    ]
    assert shown_price() == "$60,000.00"


def test_a_single_provider_cannot_confirm_itself(coingecko, btc_at_60000):
    gecko_says(coingecko, 150000.0)
    assert not refresh().stored
    assert HeldQuote.objects.get().provider == "coingecko"


def test_a_move_within_the_limit_is_stored_at_once(coingecko, btc_at_60000, settings):
    gecko_says(coingecko, 80000.0)  # +33 %
    assert refresh().stored
    settings.TICKER_MAX_JUMP = 0.1
    gecko_says(coingecko, 90000.0, updated=UPDATED + 60)  # +12.5 % on the new price
    assert not refresh(NOW + timedelta(minutes=1)).stored


def test_a_jump_from_a_price_older_than_ten_minutes_is_not_held(coingecko, btc_at_60000):
    # The check compares with a recent good price; after a long gap any market move may be real.
    gecko_says(coingecko, 150000.0, updated=UPDATED + 7 * 60)
    result = refresh(NOW + timedelta(minutes=7))
    assert [q.price for q in result.stored] == [Decimal("150000")]
