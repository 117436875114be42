import pytest


@pytest.fixture
def coingecko(httpserver, settings):
    """A real local HTTP server standing in for CoinGecko's API root."""
    settings.TICKER_PROVIDERS = ["coingecko"]
    settings.COINGECKO_BASE_URL = httpserver.url_for("/api/v3")
    settings.COINGECKO_API_KEY = ""
    settings.TICKER_READ_TIMEOUT = 0.5
    settings.TICKER_CONNECT_TIMEOUT = 0.5
    return httpserver


def simple_price(**coins):
    """A /simple/price body as documented: {id: {"usd", "usd_24h_change", "last_updated_at"}}."""
    return {
        provider_id: {"usd": price, "usd_24h_change": change, "last_updated_at": updated}
        for provider_id, (price, change, updated) in coins.items()
    }


@pytest.fixture
def coinpaprika(httpserver_ipv4, settings):
    """A second real local HTTP server, standing in for CoinPaprika's API root."""
    settings.COINPAPRIKA_BASE_URL = httpserver_ipv4.url_for("/v1")
    return httpserver_ipv4


@pytest.fixture
def two_providers(coingecko, coinpaprika, settings):
    """CoinGecko first, CoinPaprika when it cannot price a coin."""
    settings.TICKER_PROVIDERS = ["coingecko", "coinpaprika"]
    return coingecko, coinpaprika


def paprika_tickers(**coins):
    """A /v1/tickers body as documented: a list of tickers, each with `quotes.USD`; the
    unasked coins around them are what the real list is mostly made of."""
    tickers = [
        {
            "id": "usdt-tether",
            "name": "Tether",
            "symbol": "USDT",
            "rank": 3,
            "last_updated": "2026-11-25T08:59:00Z",
            "quotes": {"USD": {"price": 1.0002, "percent_change_24h": 0.01}},
        }
    ]
    for paprika_id, (price, change, updated) in coins.items():
        tickers.append(
            {
                "id": paprika_id,
                "name": paprika_id.split("-", 1)[1].title(),
                "symbol": paprika_id.split("-", 1)[0].upper(),
                "rank": len(tickers) + 1,
                "total_supply": 1000,
                "last_updated": updated,
                "quotes": {
                    "USD": {
                        "price": price,
                        "volume_24h": 123456.7,
                        "percent_change_1h": 0.1,
                        "percent_change_24h": change,
                    }
                },
            }
        )
    return tickers
