"""Where quotes come from. Outbound HTTP happens here only, always with a timeout.

A provider's `fetch(provider_ids)` returns `{provider_id: RawQuote}` for the coins it knows,
with values exactly as received; services.quotes_refresh() decides what is usable.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from decimal import Decimal
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .demo import demo_start_price
from .models import Coin, Quote


@dataclass(frozen=True)
class RawQuote:
    price: object
    change_24h: object = None
    updated_at: object = None  # Unix seconds, as CoinGecko sends `last_updated_at`


class ProviderError(Exception):
    """The provider gave nothing usable. The message is safe to log: it never holds the key."""

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class CoinGeckoProvider:
    """`GET /simple/price` for all coins in one call (docs.coingecko.com/reference/simple-price)."""

    name = "coingecko"

    def __init__(self, *, base_url: str, api_key: str = "", timeout: httpx.Timeout):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def fetch(self, provider_ids: Sequence[str]) -> dict[str, RawQuote]:
        params = {
            "ids": ",".join(provider_ids),
            "vs_currencies": "usd",
            "include_24hr_change": "true",
            "include_last_updated_at": "true",
            "precision": "full",
        }
        # The key goes in the header CoinGecko recommends, never in the URL (which gets logged).
        headers = {"accept": "application/json"}
        if self.api_key:
            headers["x-cg-demo-api-key"] = self.api_key
        try:
            response = httpx.get(
                f"{self.base_url}/simple/price",
                params=params,
                headers=headers,
                timeout=self.timeout,
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
                retry_after=retry_after,
            )
        if response.status_code != 200:
            raise ProviderError(f"HTTP {response.status_code}")
        try:
            data = response.json(parse_float=Decimal)
        except ValueError:
            raise ProviderError("the response is not JSON") from None
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


class DemoProvider:
    """A plausible random walk, offline, continuing from the last stored prices."""

    name = "demo"

    def __init__(self, *, rng: random.Random | None = None):
        self.rng = rng or random.Random()

    def fetch(self, provider_ids: Sequence[str]) -> dict[str, RawQuote]:
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


def provider_from_settings():
    match settings.TICKER_PROVIDER:
        case "coingecko":
            return CoinGeckoProvider(
                base_url=settings.COINGECKO_BASE_URL,
                api_key=settings.COINGECKO_API_KEY,
                timeout=httpx.Timeout(
                    settings.TICKER_READ_TIMEOUT, connect=settings.TICKER_CONNECT_TIMEOUT
                ),
            )
        case "demo":
            return DemoProvider()
    raise ImproperlyConfigured("TICKER_PROVIDER must be `demo` or `coingecko`.")


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
