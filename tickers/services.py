import logging
import time
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Coin, HeldQuote, PriceRefresh, ProviderHealth, ProviderRequest, Quote
from .providers import ProviderError, RawQuote
from .selectors import ticker_cache_refresh

logger = logging.getLogger(__name__)

PRICE_PLACES = Decimal("1e-12")
CHANGE_PLACES = Decimal("1e-4")
MAX_PRICE = Decimal("1e17")
MAX_CHANGE = Decimal("1e7")
# A provider is not asked with less than this left of the refresh's time budget.
MIN_SECONDS_TO_ASK = 0.2


@dataclass
class Candidate:
    """A usable price from one provider, not yet stored."""

    provider: str
    price: Decimal
    change_24h: Decimal | None
    as_of: datetime


@dataclass
class ProviderOutcome:
    """What one provider did in a refresh: asked (ok or error), or why it was not asked."""

    provider: str
    asked: bool = False
    priced: int = 0
    error: str = ""
    not_asked: str = ""
    rate_limited: bool = False
    retry_after: int | None = None


@dataclass
class RefreshResult:
    stored: list[Quote] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # symbol -> reason
    held: list[HeldQuote] = field(default_factory=list)
    outcomes: list[ProviderOutcome] = field(default_factory=list)
    note: str = ""

    @property
    def error(self) -> str:
        """Why providers gave nothing: failures and providers not asked."""
        problems = [self.note] if self.note else []
        problems += [
            f"{o.provider}: {o.error or o.not_asked}"
            for o in self.outcomes
            if o.error or o.not_asked
        ]
        return "; ".join(problems)

    @property
    def skipped_text(self) -> str:
        return ", ".join(f"{symbol} ({reason})" for symbol, reason in self.skipped.items())


def quotes_refresh(*, providers, now: datetime | None = None) -> RefreshResult:
    """Price every active coin: each provider in order is asked once, for the coins the ones
    before it could not price or whose jump needs a second opinion; what is usable is stored,
    with every provider's health, in one transaction."""
    now = now or timezone.now()
    names = [provider.name for provider in providers]
    result = RefreshResult()
    coins = list(Coin.objects.active().with_latest_quote())
    if coins:
        pricing = _Pricing(coins, now=now, several=len(providers) > 1)
        health = {row.provider: row for row in ProviderHealth.objects.filter(provider__in=names)}
        deadline = time.monotonic() + settings.TICKER_REFRESH_BUDGET
        for provider in providers:
            result.outcomes.append(
                pricing.ask(provider, health=health.get(provider.name), deadline=deadline)
            )
        pricing.settle(result)
    else:
        result.note = "no active coins"

    with transaction.atomic():
        # A provider that has not moved since the last refresh sends the same time again: that
        # quote is stored once, re-read at this refresh.
        Quote.objects.bulk_create(
            result.stored,
            update_conflicts=True,
            unique_fields=["coin", "as_of"],
            update_fields=["price", "change_24h", "fetched_at", "source"],
        )
        HeldQuote.objects.bulk_create(result.held)
        _health_record(result.outcomes, now=now)
        PriceRefresh.objects.create(
            provider=",".join(names)[:100],
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
            ProviderRequest.objects.filter(at__lt=cutoff).delete()
            HeldQuote.objects.filter(held_at__lt=cutoff).delete()
    ticker_cache_refresh()

    for held in result.held:
        logger.warning(
            "refresh_prices held back %s from %s: %s",
            held.coin.symbol,
            held.provider,
            _describe(held),
        )
    logger.log(
        logging.INFO if result.stored else logging.WARNING,
        "refresh_prices providers=%s stored=%d skipped=%d held=%d%s%s",
        ",".join(names),
        len(result.stored),
        len(result.skipped),
        len(result.held),
        f" ({result.skipped_text})" if result.skipped else "",
        f" error={result.error!r}" if result.error else "",
    )
    return result


class _Pricing:
    """One refresh's choices, coin by coin: accepted prices, jumps awaiting a second opinion,
    and why the others could not be priced."""

    def __init__(self, coins: list[Coin], *, now: datetime, several: bool):
        self.coins = coins
        self.now = now
        self.several = several
        self.accepted: dict[int, Candidate] = {}
        self.pending: dict[int, list[Candidate]] = {coin.pk: [] for coin in coins}
        self.reasons: dict[int, list[str]] = {coin.pk: [] for coin in coins}

    def ask(self, provider, *, health: ProviderHealth | None, deadline: float) -> ProviderOutcome:
        """One request to the provider, for the coins still without a price."""
        name = provider.name
        outcome = ProviderOutcome(provider=name)
        wanted = [coin for coin in self.coins if coin.pk not in self.accepted]
        for coin in wanted:
            if not coin.id_at(name):
                self._because(coin, name, "no id")
        asked = [coin for coin in wanted if coin.id_at(name)]
        if not asked:
            return outcome
        left = deadline - time.monotonic()
        if health is not None and health.is_cooling_off(self.now):
            outcome.not_asked = f"cooling off until {health.cool_off_until:%H:%M:%S} UTC"
        elif left < MIN_SECONDS_TO_ASK:
            outcome.not_asked = "no time left in this refresh"
        if outcome.not_asked:
            for coin in asked:
                self._because(coin, name, outcome.not_asked)
            return outcome

        outcome.asked = True
        try:
            raw_quotes = provider.fetch([coin.id_at(name) for coin in asked], budget=left)
        except ProviderError as exc:
            outcome.error = str(exc)
            outcome.rate_limited, outcome.retry_after = exc.rate_limited, exc.retry_after
            for coin in asked:
                self._because(coin, name, str(exc))
            return outcome
        for coin in asked:
            try:
                values = _clean(raw_quotes.get(coin.id_at(name)), now=self.now)
            except ValueError as exc:
                self._because(coin, name, str(exc))
            else:
                outcome.priced += 1
                self._weigh(coin, Candidate(name, **values))
        return outcome

    def settle(self, result: RefreshResult) -> None:
        """The quotes to store, the jumps held back, the coins left out and why."""
        for coin in self.coins:
            chosen = self.accepted.get(coin.pk)
            if chosen is not None:
                result.stored.append(
                    Quote(
                        coin=coin,
                        price=chosen.price,
                        change_24h=chosen.change_24h,
                        as_of=chosen.as_of,
                        fetched_at=self.now,
                        source=chosen.provider,
                    )
                )
            pending = self.pending[coin.pk]
            for candidate in pending:
                if candidate is chosen or _agree(candidate, chosen):
                    continue
                second = chosen or next((c for c in pending if c is not candidate), None)
                result.held.append(
                    HeldQuote(
                        coin=coin,
                        provider=candidate.provider,
                        price=candidate.price,
                        as_of=candidate.as_of,
                        held_at=self.now,
                        last_price=coin.latest_price,
                        last_as_of=coin.latest_as_of,
                        second_provider=second.provider if second else "",
                        second_price=second.price if second else None,
                    )
                )
                if chosen is None:
                    self.reasons[coin.pk].append("held back: " + _describe(result.held[-1]))
            if chosen is None:
                result.skipped[coin.symbol] = "; ".join(self.reasons[coin.pk]) or "no provider"

    def _weigh(self, coin: Coin, candidate: Candidate) -> None:
        if not _jumped(coin, candidate, now=self.now):
            self.accepted[coin.pk] = candidate
            return
        # A second provider that moved the same way confirms the first one's price.
        agreeing = [seen for seen in self.pending[coin.pk] if _agree(seen, candidate)]
        if agreeing:
            self.accepted[coin.pk] = agreeing[0]
        else:
            self.pending[coin.pk].append(candidate)

    def _because(self, coin: Coin, provider: str, reason: str) -> None:
        # The provider is named when there are several to tell apart.
        self.reasons[coin.pk].append(f"{provider}: {reason}" if self.several else reason)


def _jumped(coin: Coin, candidate: Candidate, *, now: datetime) -> bool:
    """Whether the price moved more than TICKER_MAX_JUMP since a good price that recent."""
    last, last_as_of = coin.latest_price, coin.latest_as_of
    if last is None or now - last_as_of > timedelta(seconds=settings.TICKER_JUMP_WINDOW_SECONDS):
        return False
    return abs(candidate.price - last) / last > Decimal(str(settings.TICKER_MAX_JUMP))


def _agree(first: Candidate | None, second: Candidate | None) -> bool:
    if first is None or second is None:
        return False
    tolerance = Decimal(str(settings.TICKER_AGREE_TOLERANCE))
    return abs(first.price - second.price) <= tolerance * min(first.price, second.price)


def _describe(held: HeldQuote) -> str:
    text = (
        f"{held.price.normalize():f} is {held.jump:+.0%} on {held.last_price.normalize():f} "
        f"as of {held.last_as_of:%H:%M} UTC"
    )
    if held.second_provider:
        return text + f"; {held.second_provider} says {held.second_price.normalize():f}"
    return text + "; no second provider to confirm it"


def _health_record(outcomes: list[ProviderOutcome], *, now: datetime) -> None:
    """Each provider asked: its request counted, its breaker moved (rows locked: every process
    that refreshes agrees)."""
    asked = [outcome for outcome in outcomes if outcome.asked]
    ProviderRequest.objects.bulk_create(
        ProviderRequest(
            provider=o.provider, at=now, ok=not o.error, error=o.error[:500], priced=o.priced
        )
        for o in asked
    )
    for outcome in asked:
        health, _ = ProviderHealth.objects.select_for_update().get_or_create(
            provider=outcome.provider
        )
        if not outcome.error:
            health.failures = 0
            health.cool_off_until = None
            health.last_success_at = now
        else:
            health.failures += 1
            health.last_error = outcome.error[:500]
            health.last_error_at = now
            # A 429 rests the provider at once, for as long as it asks; other failures after
            # several in a row.
            cool_off = None
            if outcome.rate_limited:
                cool_off = outcome.retry_after
                if cool_off is None:
                    cool_off = settings.TICKER_BREAKER_COOLOFF_SECONDS
            elif health.failures >= settings.TICKER_BREAKER_FAILURES:
                cool_off = settings.TICKER_BREAKER_COOLOFF_SECONDS
            if cool_off:
                cool_off = min(cool_off, settings.TICKER_BREAKER_MAX_COOLOFF_SECONDS)
                health.cool_off_until = now + timedelta(seconds=cool_off)
        health.save()


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
