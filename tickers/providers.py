"""Where quotes come from. Outbound HTTP happens here only, always with a timeout.

A provider's `fetch(ids, budget=seconds)` returns `{id: RawQuote}` for the coins it knows, by
its own ids (Coin.id_at), with values exactly as received, in one request whatever the number
of coins; services.quotes_refresh() decides what is usable and who is asked next.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .demo import demo_start_price
from .models import Coin, Provider, Quote


@dataclass(frozen=True)
class RawQuote:
    price: object
    change_24h: object = None
    updated_at: object = None  # Unix seconds, as CoinGecko sends `last_updated_at`


class ProviderError(Exception):
    """The provider gave nothing usable. The message is safe to log: it never holds the key."""

    def __init__(self, message: str, *, rate_limited: bool = False, retry_after: int | None = None):
        super().__init__(message)
        self.rate_limited = rate_limited
        self.retry_after = retry_after


class HttpProvider:
    """One GET with a timeout; every way it can go wrong becomes a ProviderError."""

    name = ""

    def __init__(self, *, base_url: str, timeout: httpx.Timeout):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def get_json(self, path: str, *, params: dict, headers: dict, budget: float | None):
        try:
            response = httpx.get(
                f"{self.base_url}{path}",
                params=params,
                headers={"accept": "application/json", **headers},
                timeout=self._timeout(budget),
            )
        except httpx.TimeoutException as exc:
            raise ProviderError(f"timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise ProviderError(f"request failed ({type(exc).__name__})") from None

        if response.status_code == 429:
            retry_after = _seconds(response.headers.get("retry-after"))
            raise ProviderError(
                "rate limited (HTTP 429)"
                + (f", retry after {retry_after} s" if retry_after is not None else ""),
                rate_limited=True,
                retry_after=retry_after,
            )
        if response.status_code != 200:
            raise ProviderError(f"HTTP {response.status_code}")
        try:
            return response.json(parse_float=Decimal)
        except ValueError:
            raise ProviderError("the response is not JSON") from None

    def _timeout(self, budget: float | None) -> httpx.Timeout:
        """The provider's own timeouts, shortened to what is left of the refresh's budget."""
        if budget is None:
            return self.timeout
        return httpx.Timeout(
            min(self.timeout.read, budget), connect=min(self.timeout.connect, budget)
        )


class CoinGeckoProvider(HttpProvider):
    """`GET /simple/price` for all coins in one call (docs.coingecko.com/reference/simple-price)."""

    name = Provider.COINGECKO.value

    def __init__(self, *, base_url: str, api_key: str = "", timeout: httpx.Timeout):
        super().__init__(base_url=base_url, timeout=timeout)
        self.api_key = api_key

    def fetch(self, provider_ids: Sequence[str], *, budget=None) -> dict[str, RawQuote]:
        params = {
            "ids": ",".join(provider_ids),
            "vs_currencies": "usd",
            "include_24hr_change": "true",
            "include_last_updated_at": "true",
            "precision": "full",
        }
        # The key goes in the header CoinGecko recommends, never in the URL (which gets logged).
        headers = {"x-cg-demo-api-key": self.api_key} if self.api_key else {}
        data = self.get_json("/simple/price", params=params, headers=headers, budget=budget)
        if not isinstance(data, dict):
            raise ProviderError("unexpected response shape (not an object keyed by coin id)")
        return {
            provider_id: RawQuote(
                price=values.get("usd"),
                change_24h=values.get("usd_24h_change"),
                updated_at=values.get("last_updated_at"),
            )
            for provider_id, values in data.items()
            if isinstance(values, dict)
        }


class CoinPaprikaProvider(HttpProvider):
    """`GET /tickers`: every coin it lists in one call, no key (api.coinpaprika.com)."""

    name = Provider.COINPAPRIKA.value

    def fetch(self, provider_ids: Sequence[str], *, budget=None) -> dict[str, RawQuote]:
        data = self.get_json("/tickers", params={"quotes": "USD"}, headers={}, budget=budget)
        if not isinstance(data, list):
            raise ProviderError("unexpected response shape (not a list of tickers)")
        wanted = set(provider_ids)
        quotes = {}
        for ticker in data:
            if not isinstance(ticker, dict) or not isinstance(ticker.get("id"), str):
                continue
            if ticker["id"] not in wanted:
                continue
            usd = ticker.get("quotes")
            usd = usd.get("USD") if isinstance(usd, dict) else None
            if not isinstance(usd, dict):
                continue
            quotes[ticker["id"]] = RawQuote(
                price=usd.get("price"),
                change_24h=usd.get("percent_change_24h"),
                updated_at=_unix_seconds(ticker.get("last_updated")),
            )
        return quotes


class DemoProvider:
    """A plausible random walk, offline, continuing from the last stored prices."""

    name = Provider.DEMO.value

    def __init__(self, *, rng: random.Random | None = None):
        self.rng = rng or random.Random()

    def fetch(self, provider_ids: Sequence[str], *, budget=None) -> dict[str, RawQuote]:
        now = timezone.now()
        day_ago = Quote.objects.filter(
            coin=OuterRef("pk"), as_of__lte=now - timedelta(hours=24)
        ).order_by("-as_of")
        coins = (
            Coin.objects.filter(provider_id__in=provider_ids)
            .with_latest_quote()
            .annotate(price_day_ago=Subquery(day_ago.values("price")[:1]))
        )
        quotes = {}
        for coin in coins:
            last = coin.latest_price or demo_start_price(coin.provider_id)
            price = last * Decimal(math.exp(self.rng.gauss(0, 0.002)))
            base = coin.price_day_ago or last
            quotes[coin.provider_id] = RawQuote(
                price=price, change_24h=(price - base) / base * 100, updated_at=int(now.timestamp())
            )
        return quotes


def provider_named(name: str):
    timeout = httpx.Timeout(settings.TICKER_READ_TIMEOUT, connect=settings.TICKER_CONNECT_TIMEOUT)
    match name:
        case Provider.COINGECKO:
            return CoinGeckoProvider(
                base_url=settings.COINGECKO_BASE_URL,
                api_key=settings.COINGECKO_API_KEY,
                timeout=timeout,
            )
        case Provider.COINPAPRIKA:
            return CoinPaprikaProvider(base_url=settings.COINPAPRIKA_BASE_URL, timeout=timeout)
        case Provider.DEMO:
            return DemoProvider()
    raise ImproperlyConfigured(f"There is no price provider named {name!r}.")


def providers_from_settings() -> list:
    """TICKER_PROVIDERS, in order of preference."""
    return [provider_named(name) for name in settings.TICKER_PROVIDERS]


def _seconds(value: str | None) -> int | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date (RFC 9110, all three forms)."""
    if value is None:
        return None
    if value.strip().isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # the asctime form carries no zone: HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - timezone.now()).total_seconds()))


def _unix_seconds(value) -> int | None:
    """CoinPaprika's `last_updated` (ISO 8601, UTC) as Unix seconds, as CoinGecko sends them."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())
