from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import make_quote
from tickers.models import Coin, Quote

from .conftest import simple_price

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PATH = "/api/v3/simple/price"
KEY = "CG-do-not-print-me"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("refresh_prices", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_refresh_says_what_it_stored(coingecko):
    coingecko.expect_request(PATH).respond_with_json(
        simple_price(bitcoin=(61262.0, 0.5, None), ethereum=(2400.5, -1.25, None))
    )
    out, err = run()
    assert "Stored 2 quote(s) from coingecko." in out
    assert "Skipped: SOL (missing)" in out
    assert err == ""
    assert Quote.objects.count() == 2


def test_verbosity_two_lists_each_quote_and_zero_says_nothing(coingecko):
    coingecko.expect_request(PATH).respond_with_json(simple_price(bitcoin=(61262.0, 0.5, None)))
    out, _ = run("--verbosity", "2")
    assert "BTC  61262.000000000000  0.5000%" in out
    out, _ = run("--verbosity", "0")
    assert out == ""


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (429, "{}", "rate limited (HTTP 429), retry after 30 s"),
        (502, "{}", "HTTP 502"),
        (200, "<html>", "the response is not JSON"),
        (200, '{"bitcoin": {"usd": -1}}', "none valid"),
    ],
)
def test_it_fails_only_when_nothing_was_stored_and_never_prints_the_key(
    coingecko, settings, caplog, capsys, status, body, message
):
    settings.COINGECKO_API_KEY = KEY
    coingecko.expect_request(PATH).respond_with_data(
        body, status=status, headers={"Retry-After": "30"}
    )
    with pytest.raises(CommandError, match="No quotes stored") as caught:
        run()
    assert message in str(caught.value)
    captured = capsys.readouterr()
    for text in (str(caught.value), caplog.text, captured.out, captured.err):
        assert KEY not in text


def test_a_partial_refresh_exits_zero(coingecko):
    coingecko.expect_request(PATH).respond_with_json(
        {"bitcoin": {"usd": 61262.0}, "ethereum": {"usd": "NaN"}}
    )
    out, _ = run()
    assert "Stored 1 quote(s)" in out
    assert "ETH (no numeric price)" in out


def test_the_demo_provider_works_offline(settings):
    settings.TICKER_PROVIDERS = ["demo"]
    out, _ = run()
    assert "Stored 17 quote(s) from demo." in out


def test_every_keeps_going_and_rests_a_provider_for_its_retry_after(
    coingecko, monkeypatch, time_machine
):
    from tickers.management.commands import refresh_prices
    from tickers.models import PriceRefresh

    time_machine.move_to(NOW, tick=False)
    coingecko.expect_ordered_request(PATH).respond_with_data(
        "{}", status=429, headers={"Retry-After": "90"}
    )
    coingecko.expect_ordered_request(PATH).respond_with_json(
        simple_price(bitcoin=(61262.0, 0.5, None))
    )
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        time_machine.shift(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(refresh_prices.time, "sleep", sleep)
    err = StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("refresh_prices", "--every", "60", stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "No quotes stored: coingecko: rate limited (HTTP 429), retry after 90 s.",
        # 60 s later the provider is still resting: not asked at all.
        "No quotes stored: coingecko: cooling off until 09:01:30 UTC.",
    ]
    assert len(coingecko.log) == 2
    assert sleeps == [60, 60, 60]
    assert list(PriceRefresh.objects.order_by("id").values_list("stored", flat=True)) == [0, 0, 1]


def test_held_back_quotes_are_named_and_each_price_says_its_source(two_providers):
    coingecko, coinpaprika = two_providers
    Coin.objects.exclude(symbol__in=["BTC", "ETH"]).update(is_active=False)
    make_quote(
        Coin.objects.get(symbol="BTC"), price=60000, as_of=timezone.now() - timedelta(minutes=2)
    )
    coingecko.expect_request(PATH).respond_with_json(
        simple_price(bitcoin=(600.0, 0.5, None), ethereum=(2400.5, -1.25, None))
    )
    coinpaprika.expect_request("/v1/tickers").respond_with_data("{}", status=503)

    out, _ = run("--verbosity", "2")

    assert "Held back: BTC from coingecko (see the admin)." in out
    assert "  ETH  2400.500000000000  -1.2500%  coingecko" in out
    assert "Stored 1 quote(s) from coingecko." in out
