"""CoinGeckoProvider against a real local HTTP server: the documented request and each fault."""

import threading
import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from werkzeug import Response

from tickers.providers import ProviderError, RawQuote, provider_named, providers_from_settings

from .conftest import paprika_tickers, simple_price

pytestmark = pytest.mark.django_db
PATH = "/api/v3/simple/price"


def test_one_request_asks_for_all_coins_as_documented(coingecko):
    coingecko.expect_oneshot_request(
        PATH,
        query_string={
            "ids": "bitcoin,avalanche-2",
            "vs_currencies": "usd",
            "include_24hr_change": "true",
            "include_last_updated_at": "true",
            "precision": "full",
        },
    ).respond_with_json(simple_price(bitcoin=(61262.5, 0.51, 1764061200)))

    quotes = provider_named("coingecko").fetch(["bitcoin", "avalanche-2"])

    coingecko.check_assertions()
    assert quotes == {
        "bitcoin": RawQuote(
            price=Decimal("61262.5"), change_24h=Decimal("0.51"), updated_at=1764061200
        )
    }


def test_the_key_travels_in_the_demo_header_and_never_in_the_url(coingecko, settings):
    settings.COINGECKO_API_KEY = "CG-secret-key"
    coingecko.expect_oneshot_request(
        PATH, headers={"x-cg-demo-api-key": "CG-secret-key"}
    ).respond_with_json({})

    provider_named("coingecko").fetch(["bitcoin"])

    coingecko.check_assertions()
    request, _ = coingecko.log[0]
    assert "secret" not in request.url


def test_no_key_header_without_a_key(coingecko):
    coingecko.expect_oneshot_request(PATH).respond_with_json({})
    provider_named("coingecko").fetch(["bitcoin"])
    request, _ = coingecko.log[0]
    assert "x-cg-demo-api-key" not in request.headers


@pytest.mark.parametrize(
    ("status", "headers", "message", "retry_after"),
    [
        (429, {"Retry-After": "120"}, "rate limited (HTTP 429), retry after 120 s", 120),
        (429, {}, "rate limited (HTTP 429)", None),
        (500, {}, "HTTP 500", None),
        (503, {}, "HTTP 503", None),
        (401, {}, "HTTP 401", None),
    ],
)
def test_http_errors_become_provider_errors(coingecko, status, headers, message, retry_after):
    coingecko.expect_request(PATH).respond_with_data("{}", status=status, headers=headers)
    with pytest.raises(ProviderError) as caught:
        provider_named("coingecko").fetch(["bitcoin"])
    assert str(caught.value) == message
    assert caught.value.retry_after == retry_after


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>Gateway</html>", "the response is not JSON"),
        ("", "the response is not JSON"),
        ('[{"id": "bitcoin"}]', "unexpected response shape"),
        ('"bitcoin"', "unexpected response shape"),
    ],
)
def test_bodies_that_are_not_the_documented_shape_are_refused(coingecko, body, message):
    coingecko.expect_request(PATH).respond_with_data(body, content_type="application/json")
    with pytest.raises(ProviderError, match=message):
        provider_named("coingecko").fetch(["bitcoin"])


def test_entries_that_are_not_objects_are_left_out(coingecko):
    coingecko.expect_request(PATH).respond_with_json({"bitcoin": 61262, "ethereum": {"usd": 2400}})
    assert set(provider_named("coingecko").fetch(["bitcoin", "ethereum"])) == {"ethereum"}


def test_a_slow_server_times_out(coingecko):
    done = threading.Event()

    def slow(request):
        time.sleep(1.5)
        done.set()
        return Response("{}", content_type="application/json")

    coingecko.expect_request(PATH).respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(ProviderError, match="timed out"):
        provider_named("coingecko").fetch(["bitcoin"])
    assert time.monotonic() - started < 1.4
    done.wait(5)  # the test server answers one request at a time: let it finish this one


def test_a_closed_port_fails_cleanly(settings):
    settings.COINGECKO_BASE_URL = "http://127.0.0.1:9/api/v3"
    with pytest.raises(ProviderError, match=r"request failed|timed out"):
        provider_named("coingecko").fetch(["bitcoin"])


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        provider_named("coinbase")


def test_the_providers_come_in_the_configured_order(settings):
    settings.TICKER_PROVIDERS = ["coinpaprika", "coingecko"]
    assert [p.name for p in providers_from_settings()] == ["coinpaprika", "coingecko"]


@pytest.mark.parametrize(
    "retry_after",
    [
        "Wed, 25 Nov 2026 09:02:00 GMT",  # IMF-fixdate, what servers send
        "Wednesday, 25-Nov-26 09:02:00 GMT",  # obsolete RFC 850 form
        "Wed Nov 25 09:02:00 2026",  # obsolete asctime form, no zone: GMT
    ],
)
def test_retry_after_as_an_http_date_in_any_of_its_forms(coingecko, time_machine, retry_after):
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False)
    coingecko.expect_request(PATH).respond_with_data(
        "{}", status=429, headers={"Retry-After": retry_after}
    )

    with pytest.raises(ProviderError) as caught:
        provider_named("coingecko").fetch(["bitcoin"])

    assert caught.value.retry_after == 120


def test_an_unreadable_retry_after_is_ignored(coingecko):
    coingecko.expect_request(PATH).respond_with_data(
        "{}", status=429, headers={"Retry-After": "soon"}
    )

    with pytest.raises(ProviderError) as caught:
        provider_named("coingecko").fetch(["bitcoin"])

    assert caught.value.retry_after is None


# --- CoinPaprika ----------------------------------------------------------------------------


def test_coinpaprika_is_asked_once_for_its_whole_list_and_only_the_wanted_coins_kept(coinpaprika):
    coinpaprika.expect_oneshot_request(
        "/v1/tickers", query_string={"quotes": "USD"}
    ).respond_with_json(
        paprika_tickers(
            **{
                "btc-bitcoin": (61262.5, 0.51, "2026-11-25T08:59:20Z"),
                "avax-avalanche": (24.06, -1.5, None),
            }
        )
    )

    quotes = provider_named("coinpaprika").fetch(["btc-bitcoin", "avax-avalanche", "sui-sui"])

    coinpaprika.check_assertions()
    assert quotes == {
        "btc-bitcoin": RawQuote(
            price=Decimal("61262.5"),
            change_24h=Decimal("0.51"),
            updated_at=int(datetime(2026, 11, 25, 8, 59, 20, tzinfo=UTC).timestamp()),
        ),
        "avax-avalanche": RawQuote(price=Decimal("24.06"), change_24h=Decimal("-1.5")),
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>Gateway</html>", "the response is not JSON"),
        ('{"btc-bitcoin": {"price": 1}}', "unexpected response shape"),
        ('{"error": "id not found"}', "unexpected response shape"),
    ],
)
def test_coinpaprika_bodies_that_are_not_a_list_are_refused(coinpaprika, body, message):
    coinpaprika.expect_request("/v1/tickers").respond_with_data(
        body, content_type="application/json"
    )
    with pytest.raises(ProviderError, match=message):
        provider_named("coinpaprika").fetch(["btc-bitcoin"])


def test_coinpaprika_tickers_of_the_wrong_shape_are_left_out(coinpaprika):
    coinpaprika.expect_request("/v1/tickers").respond_with_json(
        [
            "btc-bitcoin",
            {"id": ["btc-bitcoin"]},
            {"id": "btc-bitcoin", "quotes": {"EUR": {"price": 1}}},
            {"id": "eth-ethereum", "quotes": [1]},
            {"id": "sol-solana", "quotes": {"USD": {"price": 142.5}}, "last_updated": "soon"},
        ]
    )
    quotes = provider_named("coinpaprika").fetch(["btc-bitcoin", "eth-ethereum", "sol-solana"])
    assert quotes == {"sol-solana": RawQuote(price=Decimal("142.5"))}


@pytest.mark.parametrize(("status", "message"), [(429, "rate limited"), (502, "HTTP 502")])
def test_coinpaprika_errors_are_provider_errors(coinpaprika, status, message):
    coinpaprika.expect_request("/v1/tickers").respond_with_data(
        "{}", status=status, headers={"Retry-After": "60"}
    )
    with pytest.raises(ProviderError, match=message) as caught:
        provider_named("coinpaprika").fetch(["btc-bitcoin"])
    assert caught.value.retry_after == (60 if status == 429 else None)
