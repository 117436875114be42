"""What pages read: the strip's rows, built once and kept in the cache, and a coin's history."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from articles.models import Article

from .formatting import change_arrow, change_direction, format_change, format_price
from .models import Coin, HeldQuote, Provider, ProviderHealth, ProviderRequest, Quote

CACHE_KEY = "tickers:strip:v2"  # v2: rows carry their source


def _build_rows() -> list[dict]:
    rows = []
    for coin in Coin.objects.active().with_latest_quote():
        if coin.latest_price is None:
            continue
        rows.append(
            {
                "symbol": coin.symbol,
                "name": coin.name,
                "url": coin.get_absolute_url(),
                "price": coin.latest_price,
                "change_24h": coin.latest_change_24h,
                "as_of": coin.latest_as_of,
                "source": coin.latest_source or None,
                "source_name": source_name(coin.latest_source),
                "price_display": format_price(coin.latest_price),
                "change_display": format_change(coin.latest_change_24h),
                "direction": change_direction(coin.latest_change_24h),
                "arrow": change_arrow(coin.latest_change_24h),
            }
        )
    return rows


def ticker_cache_refresh() -> list[dict]:
    """Rebuild the cached rows (after a refresh or an edit to the coins)."""
    rows = _build_rows()
    cache.set(CACHE_KEY, rows, settings.TICKER_CACHE_SECONDS)
    return rows


def ticker_rows() -> list[dict]:
    """The strip's rows: no query on a warm cache, one on a cold one."""
    rows = cache.get(CACHE_KEY)
    return ticker_cache_refresh() if rows is None else rows


def is_stale(as_of: datetime | None, *, now: datetime | None = None) -> bool:
    if as_of is None:
        return True
    now = now or timezone.now()
    return now - as_of > timedelta(seconds=settings.TICKER_STALE_AFTER_SECONDS)


def ticker_strip(*, now: datetime | None = None) -> dict:
    """Everything the `{% ticker %}` tag and /tickers.json show; staleness judged now."""
    rows = ticker_rows()
    as_of = max((row["as_of"] for row in rows), default=None)
    return {"rows": rows, "as_of": as_of, "stale": is_stale(as_of, now=now)}


def ticker_payload(*, now: datetime | None = None) -> dict:
    """The public /tickers.json document (README "Prices"): decimals as strings, plus the display
    strings the strip shows, so the script that refreshes it formats nothing itself."""
    strip = ticker_strip(now=now)
    return {
        "as_of": _iso(strip["as_of"]),
        "stale": strip["stale"],
        "coins": [
            {
                "symbol": row["symbol"],
                "name": row["name"],
                "price": _plain(row["price"]),
                "change_24h": _plain(row["change_24h"]),
                "as_of": _iso(row["as_of"]),
                "source": row["source"],
                "source_name": row["source_name"],
                # As the strip shows them (tickers/formatting.py): one formatter for both.
                "price_display": row["price_display"],
                "change_display": row["change_display"],
                "direction": row["direction"],
                "arrow": row["arrow"],
            }
            for row in strip["rows"]
        ],
    }


def source_name(source: str | None) -> str | None:
    """How a page names a provider: "CoinPaprika"; None for quotes from before sources."""
    return Provider(source).label if source in Provider.values else None


def provider_health(*, now: datetime | None = None) -> list[dict]:
    """Each provider configured or ever asked: its breaker, last outcomes, the last 24 hours."""
    now = now or timezone.now()
    rows = {row.provider: row for row in ProviderHealth.objects.all()}
    counts = {
        row["provider"]: row
        for row in ProviderRequest.objects.filter(at__gte=now - timedelta(hours=24))
        .values("provider")
        .annotate(requests=Count("id"), failures=Count("id", filter=Q(ok=False)))
    }
    held = dict(
        HeldQuote.objects.filter(held_at__gte=now - timedelta(hours=24))
        .values("provider")
        .annotate(n=Count("id"))
        .values_list("provider", "n")
    )
    names = [*settings.TICKER_PROVIDERS, *sorted(set(rows) - set(settings.TICKER_PROVIDERS))]
    health = []
    for position, name in enumerate(names, start=1):
        row = rows.get(name) or ProviderHealth(provider=name)
        health.append(
            {
                "name": source_name(name) or name,
                "key": name,
                "order": position if name in settings.TICKER_PROVIDERS else None,
                "failures": row.failures,
                "cooling_off": row.is_cooling_off(now),
                "cool_off_until": row.cool_off_until,
                "last_success_at": row.last_success_at,
                "last_error": row.last_error,
                "last_error_at": row.last_error_at,
                "requests": counts.get(name, {}).get("requests", 0),
                "request_failures": counts.get(name, {}).get("failures", 0),
                "held": held.get(name, 0),
            }
        )
    return health


def coin_history(coin: Coin, *, now: datetime | None = None) -> dict:
    """Price points for the coin page: the last 24 hours as stored, 7 days as hourly means."""
    now = now or timezone.now()
    day = list(
        Quote.objects.filter(coin=coin, as_of__gte=now - timedelta(hours=24))
        .order_by("as_of")
        .values_list("as_of", "price")
    )
    week = list(
        Quote.objects.filter(coin=coin, as_of__gte=now - timedelta(days=7))
        .annotate(hour=TruncHour("as_of"))
        .values("hour")
        .annotate(mean=Avg("price"))
        .order_by("hour")
        .values_list("hour", "mean")
    )
    if day and (not week or day[-1][0] > week[-1][0]):
        week.append(day[-1])  # end the week on the latest price, not the last hour's mean
    return {"day": day, "week": week}


def coin_briefings(coin: Coin, *, limit: int = 10):
    """Published briefings tagged with the coin's name or symbol, newest first."""
    tagged = Q(tags__name__iexact=coin.name) | Q(tags__name__iexact=coin.symbol)
    return Article.objects.published().for_listing().filter(tagged).distinct()[:limit]


def _plain(value) -> str | None:
    # normalize() drops trailing zeros; "f" keeps it out of scientific notation.
    return None if value is None else format(value.normalize(), "f")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")
