"""The price settings read from the environment, checked at start-up."""

import pytest

from tests.test_settings import PRODUCTION_ENV, manage

SHOW = (
    "from django.conf import settings; print(settings.TICKER_PROVIDERS, settings.TICKER_MAX_JUMP)"
)


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        ({}, "['demo'] 0.5"),
        ({"TICKER_PROVIDER": "coingecko"}, "['coingecko'] 0.5"),
        (
            {"TICKER_PROVIDER": "demo", "TICKER_PROVIDERS": " CoinGecko, coinpaprika "},
            "['coingecko', 'coinpaprika'] 0.5",
        ),
        ({"TICKER_MAX_JUMP": "0.25"}, "['demo'] 0.25"),
    ],
)
def test_the_providers_in_order_and_the_largest_jump(env, shown):
    result = manage("shell", "--verbosity", "0", "-c", SHOW, env={**PRODUCTION_ENV, **env})
    assert result.stdout.strip() == shown, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "TICKER_PROVIDERS",
            "coingecko,binance",
            "TICKER_PROVIDERS may name demo, coingecko and coinpaprika, not ['binance']",
        ),
        ("TICKER_PROVIDERS", "coingecko,coingecko", "TICKER_PROVIDERS names a provider twice"),
        ("TICKER_MAX_JUMP", "50%", "TICKER_MAX_JUMP must be a fraction such as 0.5"),
        ("TICKER_MAX_JUMP", "0", "TICKER_MAX_JUMP must be a fraction above 0"),
        ("TICKER_MAX_JUMP", "nan", "TICKER_MAX_JUMP must be a fraction above 0"),
    ],
)
def test_a_malformed_price_setting_stops_start_up(variable, value, message):
    result = manage("check", env={**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr
