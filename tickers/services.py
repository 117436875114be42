import logging
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Coin, PriceRefresh, Quote
from .providers import ProviderError, RawQuote
from .selectors import ticker_cache_refresh

logger = logging.getLogger(__name__)

PRICE_PLACES = Decimal("1e-12")
CHANGE_PLACES = Decimal("1e-4")
MAX_PRICE = Decimal("1e17")
MAX_CHANGE = Decimal("1e7")


@dataclass
class RefreshResult:
    provider: str
    stored: list[Quote] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # symbol -> reason
    error: str = ""
    retry_after: int | None = None

    @property
    def skipped_text(self) -> str:
        return ", ".join(f"{symbol} ({reason})" for symbol, reason in self.skipped.items())


def quotes_refresh(*, provider, now: datetime | None = None) -> RefreshResult:
    """Fetch every active coin in one call; store what is valid in one transaction."""
    now = now or timezone.now()
    coins = list(Coin.objects.active())
    result = RefreshResult(provider=provider.name)
    try:
        if not coins:
            raise ProviderError("no active coins")
        raw_quotes = provider.fetch([coin.provider_id for coin in coins])
    except ProviderError as exc:
        result.error = str(exc)
        result.retry_after = exc.retry_after
    else:
        for coin in coins:
            try:
                values = _clean(raw_quotes.get(coin.provider_id), now=now)
            except ValueError as exc:
                result.skipped[coin.symbol] = str(exc)
            else:
                result.stored.append(Quote(coin=coin, fetched_at=now, **values))

    with transaction.atomic():
        # A provider that has not moved since the last refresh sends the same time again: that
        # quote is stored once, re-read at this refresh.
        Quote.objects.bulk_create(
            result.stored,
            update_conflicts=True,
            unique_fields=["coin", "as_of"],
            update_fields=["price", "change_24h", "fetched_at"],
        )
        PriceRefresh.objects.create(
            provider=provider.name,
            finished_at=now,
            stored=len(result.stored),
            skipped=result.skipped_text[:500],
            error=result.error[:500],
        )
        if result.stored:
            # Pruned only after a good refresh: a long outage keeps the last known prices.
            cutoff = now - timedelta(days=settings.TICKER_HISTORY_DAYS)
            Quote.objects.filter(as_of__lt=cutoff).delete()
            PriceRefresh.objects.filter(finished_at__lt=cutoff).delete()
    ticker_cache_refresh()

    logger.log(
        logging.INFO if result.stored else logging.WARNING,
        "refresh_prices provider=%s stored=%d skipped=%d%s%s",
        provider.name,
        len(result.stored),
        len(result.skipped),
        f" ({result.skipped_text})" if result.skipped else "",
        f" error={result.error!r}" if result.error else "",
    )
    return result


def _clean(raw: RawQuote | None, *, now: datetime) -> dict:
    """The quote's fields, or ValueError saying why it cannot be stored."""
    if raw is None:
        raise ValueError("missing")
    price = _decimal(raw.price)
    if price is None:
        raise ValueError("no numeric price")
    if not 0 < price < MAX_PRICE:
        raise ValueError(f"price out of range: {price}")
    price = price.quantize(PRICE_PLACES)
    if price == 0:
        raise ValueError("price too small")

    change = _decimal(raw.change_24h)
    if change is not None:
        change = change.quantize(CHANGE_PLACES) if abs(change) < MAX_CHANGE else None

    as_of = now
    updated_at = _decimal(raw.updated_at)
    if updated_at is not None and updated_at > 0:
        # An absurd timestamp leaves the price as of this refresh.
        with suppress(OverflowError, OSError, ValueError):
            as_of = min(now, datetime.fromtimestamp(int(updated_at), tz=UTC))
    return {"price": price, "change_24h": change, "as_of": as_of}


def _decimal(value) -> Decimal | None:
    """A finite Decimal from a JSON number; None for anything else (text, bool, NaN, inf)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
