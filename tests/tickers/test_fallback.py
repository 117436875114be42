"""Two real local providers: whatever the first does wrong, the second fills in, and a provider
that keeps failing rests (the circuit breaker) and is tried again after its cool-off."""

import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from werkzeug import Response

from tests.factories import make_coin
from tickers.demo import demo_start_price
from tickers.models import Coin, PriceRefresh, ProviderHealth, ProviderRequest, Quote
from tickers.providers import providers_from_settings
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


def every_coin_on_paprika():
    """Every active coin at its demo start price, which CoinGecko's answers below agree with."""
    return paprika_tickers(
        **{
            coin.coinpaprika_id: (float(demo_start_price(coin.provider_id)), 1.0, PAPRIKA_UPDATED)
            for coin in Coin.objects.active()
        }
    )


def sources():
    return dict(Quote.objects.values_list("coin__symbol", "source"))


@pytest.fixture
def active_three():
    Coin.objects.exclude(symbol__in=["BTC", "ETH", "SOL"]).update(is_active=False)


@pytest.fixture
def hang():
    """A handler that answers after the timeout; the test server answers one request at a
    time, so the test waits for it to finish before the next test uses the server."""
    started, done = threading.Event(), threading.Event()

    def handler(request):
        started.set()
        time.sleep(1.5)
        done.set()
        return Response("{}", content_type="application/json")

    yield handler
    if started.is_set():
        done.wait(5)


@pytest.mark.parametrize(
    "fault",
    ["500", "429 with Retry-After", "garbage", "a hang", "a partial answer"],
)
def test_whatever_the_first_does_wrong_the_second_fills_in(
    two_providers, active_three, hang, fault
):
    coingecko, coinpaprika = two_providers
    gecko = coingecko.expect_request(GECKO)
    match fault:
        case "500":
            gecko.respond_with_data("oops", status=500)
        case "429 with Retry-After":
            gecko.respond_with_data("{}", status=429, headers={"Retry-After": "120"})
        case "garbage":
            gecko.respond_with_data("<html>\x00\x01", content_type="application/json")
        case "a hang":
            gecko.respond_with_handler(hang)
        case "a partial answer":
            gecko.respond_with_json(simple_price(bitcoin=(61262.0, 0.5, UPDATED)))
    coinpaprika.expect_request(PAPRIKA).respond_with_json(
        paprika_tickers(
            **{
                "btc-bitcoin": (61300.0, 0.6, PAPRIKA_UPDATED),
                "eth-ethereum": (2415.8, -1.0, PAPRIKA_UPDATED),
                "sol-solana": (142.37, 2.0, PAPRIKA_UPDATED),
            }
        )
    )

    started = time.monotonic()
    result = refresh()
    elapsed = time.monotonic() - started

    assert result.skipped == {}
    if fault == "a partial answer":
        assert sources() == {"BTC": "coingecko", "ETH": "coinpaprika", "SOL": "coinpaprika"}
        assert Quote.objects.get(coin__symbol="BTC").price == Decimal("61262")
    else:
        assert sources() == {"BTC": "coinpaprika", "ETH": "coinpaprika", "SOL": "coinpaprika"}
        assert result.outcomes[0].error
    # One request to each provider, whatever the number of coins.
    assert len(coinpaprika.log) == 1
    assert list(ProviderRequest.objects.values_list("provider", flat=True).order_by("id")) == [
        "coingecko",
        "coinpaprika",
    ]
    assert elapsed < 1.4
    assert Quote.objects.get(coin__symbol="SOL").as_of == datetime(
        2026, 11, 25, 8, 59, 30, tzinfo=UTC
    )


def test_the_second_is_asked_only_for_the_coins_the_first_could_not_price(two_providers):
    coingecko, coinpaprika = two_providers
    Coin.objects.exclude(symbol__in=["BTC", "ETH"]).update(is_active=False)
    coingecko.expect_request(GECKO).respond_with_json(
        simple_price(bitcoin=(61262.0, 0.5, UPDATED), ethereum=(2415.8, -1.0, UPDATED))
    )

    result = refresh()

    assert sources() == {"BTC": "coingecko", "ETH": "coingecko"}
    assert coinpaprika.log == []
    assert [o.asked for o in result.outcomes] == [True, False]


def test_a_coin_without_an_id_at_the_first_is_priced_by_the_second(two_providers):
    coingecko, coinpaprika = two_providers
    Coin.objects.exclude(symbol="BTC").update(is_active=False)
    make_coin(symbol="TON", provider_id="the-open-network", coinpaprika_id="ton-toncoin")
    coingecko.expect_request(GECKO).respond_with_json(simple_price(bitcoin=(61262.0, 0.5, UPDATED)))
    coinpaprika.expect_request(PAPRIKA).respond_with_json(
        paprika_tickers(**{"ton-toncoin": (5.1, 0.0, PAPRIKA_UPDATED)})
    )

    result = refresh()

    assert sources() == {"BTC": "coingecko", "TON": "coinpaprika"}
    assert result.skipped == {}


def test_when_both_fail_the_last_prices_stay_and_both_reasons_are_kept(two_providers):
    coingecko, coinpaprika = two_providers
    Coin.objects.exclude(symbol="BTC").update(is_active=False)
    coingecko.expect_request(GECKO).respond_with_data("{}", status=503)
    coinpaprika.expect_request(PAPRIKA).respond_with_data("not json")

    result = refresh()

    assert not result.stored
    assert result.skipped == {"BTC": "coingecko: HTTP 503; coinpaprika: the response is not JSON"}
    assert PriceRefresh.objects.get().error == (
        "coingecko: HTTP 503; coinpaprika: the response is not JSON"
    )
    assert PriceRefresh.objects.get().provider == "coingecko,coinpaprika"


def test_a_hang_that_eats_the_time_budget_leaves_the_next_provider_unasked(
    two_providers, active_three, hang, settings
):
    coingecko, coinpaprika = two_providers
    settings.TICKER_REFRESH_BUDGET = 0.6  # the read timeout is 0.5 s in tests
    coingecko.expect_request(GECKO).respond_with_handler(hang)

    started = time.monotonic()
    result = refresh()

    assert time.monotonic() - started < 1.0
    assert coinpaprika.log == []
    assert result.outcomes[1].not_asked == "no time left in this refresh"
    assert result.skipped["BTC"].endswith("coinpaprika: no time left in this refresh")


# --- The circuit breaker ------------------------------------------------------------------------


def test_a_failing_provider_rests_after_three_failures_and_is_tried_again(
    two_providers, active_three, settings
):
    coingecko, coinpaprika = two_providers
    coingecko.expect_ordered_request(GECKO).respond_with_data("{}", status=500)
    coingecko.expect_ordered_request(GECKO).respond_with_data("{}", status=502)
    coingecko.expect_ordered_request(GECKO).respond_with_data("{}", status=500)
    coingecko.expect_ordered_request(GECKO).respond_with_json(
        simple_price(
            bitcoin=(61262.5, 0.5, UPDATED),
            ethereum=(2415.9, 0.5, UPDATED),
            solana=(142.4, 0.5, UPDATED),
        )
    )
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())
    minute = timedelta(minutes=1)

    for n in range(3):
        refresh(NOW + n * minute)
    health = ProviderHealth.objects.get(provider="coingecko")
    assert health.failures == 3
    assert health.cool_off_until == NOW + 2 * minute + timedelta(
        seconds=settings.TICKER_BREAKER_COOLOFF_SECONDS
    )

    # Resting: not asked at all, CoinPaprika prices every coin.
    skipped = refresh(NOW + 3 * minute)
    assert len(coingecko.log) == 3
    assert skipped.outcomes[0].not_asked == "cooling off until 09:07:00 UTC"
    assert {q.source for q in skipped.stored} == {"coinpaprika"}

    # After the cool-off: asked again, and a success closes the breaker.
    back = refresh(NOW + 7 * minute)
    assert len(coingecko.log) == 4
    assert {q.source for q in back.stored} == {"coingecko"}
    health.refresh_from_db()
    assert (health.failures, health.cool_off_until) == (0, None)
    assert health.last_success_at == NOW + 7 * minute
    assert health.last_error == "HTTP 500"
    assert list(
        ProviderRequest.objects.filter(provider="coingecko")
        .order_by("at")
        .values_list("ok", flat=True)
    ) == [False, False, False, True]


def test_a_provider_that_fails_again_after_its_cool_off_rests_again(two_providers, active_three):
    coingecko, coinpaprika = two_providers
    coingecko.expect_request(GECKO).respond_with_data("{}", status=500)
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())
    for n in range(3):
        refresh(NOW + timedelta(minutes=n))

    refresh(NOW + timedelta(minutes=8))

    assert len(coingecko.log) == 4
    health = ProviderHealth.objects.get(provider="coingecko")
    assert health.failures == 4
    assert health.cool_off_until == NOW + timedelta(minutes=13)


def test_a_429_rests_the_provider_for_its_retry_after_at_once(two_providers, active_three):
    coingecko, coinpaprika = two_providers
    coingecko.expect_request(GECKO).respond_with_data(
        "{}", status=429, headers={"Retry-After": "90"}
    )
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())

    refresh()
    refresh(NOW + timedelta(seconds=60))
    assert len(coingecko.log) == 1
    refresh(NOW + timedelta(seconds=90))
    assert len(coingecko.log) == 2

    health = ProviderHealth.objects.get(provider="coingecko")
    assert health.failures == 2
    assert health.cool_off_until == NOW + timedelta(seconds=180)


@pytest.mark.parametrize(("retry_after", "rest"), [(None, 300), ("0", None)])
def test_a_429_without_a_wait_rests_the_provider_for_the_cool_off(
    two_providers, active_three, retry_after, rest
):
    coingecko, coinpaprika = two_providers
    headers = {"Retry-After": retry_after} if retry_after else {}
    coingecko.expect_request(GECKO).respond_with_data("{}", status=429, headers=headers)
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())
    refresh()
    health = ProviderHealth.objects.get(provider="coingecko")
    assert health.cool_off_until == (rest and NOW + timedelta(seconds=rest))


def test_a_huge_retry_after_is_capped(two_providers, active_three, settings):
    coingecko, coinpaprika = two_providers
    coingecko.expect_request(GECKO).respond_with_data(
        "{}", status=429, headers={"Retry-After": str(365 * 86400)}
    )
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())
    refresh()
    health = ProviderHealth.objects.get(provider="coingecko")
    assert health.cool_off_until == NOW + timedelta(
        seconds=settings.TICKER_BREAKER_MAX_COOLOFF_SECONDS
    )


def test_the_breaker_lives_in_the_database_so_every_process_agrees(two_providers, active_three):
    coingecko, coinpaprika = two_providers
    ProviderHealth.objects.create(
        provider="coingecko", failures=3, cool_off_until=NOW + timedelta(minutes=1)
    )
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())

    refresh()

    assert coingecko.log == []


@pytest.mark.parametrize("coins", [3, 17])
def test_a_refresh_costs_the_same_queries_however_many_coins(
    two_providers, coins, django_assert_num_queries
):
    coingecko, coinpaprika = two_providers
    for coin in Coin.objects.all()[coins:]:
        coin.is_active = False
        coin.save()
    coingecko.expect_request(GECKO).respond_with_data("{}", status=500)
    coinpaprika.expect_request(PAPRIKA).respond_with_json(every_coin_on_paprika())
    refresh()  # creates the health rows

    # Coins with their last quotes, the breakers, then in one transaction (a savepoint here):
    # the quotes, the requests, each breaker locked and saved, the refresh, the pruning of old
    # rows; then the cached strip.
    with django_assert_num_queries(16):
        refresh(NOW + timedelta(minutes=1))
