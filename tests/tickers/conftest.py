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
