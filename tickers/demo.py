"""Demo prices for `make run` and seed_demo: offline, plausible, never presented as real."""

import math
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .defaults import COINPAPRIKA_IDS, DEFAULT_COINS
from .models import Coin, Provider, Quote
from .selectors import ticker_cache_refresh

START_PRICES = {provider_id: price for _, provider_id, _, price in DEFAULT_COINS}


def demo_start_price(provider_id: str) -> Decimal:
    return START_PRICES.get(provider_id, Decimal(1))


@transaction.atomic
def seed_quotes(*, now: datetime | None = None, seed: int = 4) -> int:
    """Make sure the 17 default coins exist and give the ones without quotes 7 days of history.

    Safe to run again: coins that already have quotes are left alone. Returns quotes created.
    """
    now = now or timezone.now()
    for position, (symbol, provider_id, name, _) in enumerate(DEFAULT_COINS):
        Coin.objects.get_or_create(
            provider_id=provider_id,
            defaults={
                "symbol": symbol,
                "name": name,
                "position": position,
                "coinpaprika_id": COINPAPRIKA_IDS[provider_id],
            },
        )
    rng = random.Random(seed)
    # Hourly for a week, then every ten minutes for the last day: what the charts draw.
    times = [now - timedelta(hours=h) for h in range(7 * 24, 24, -1)]
    times += [now - timedelta(minutes=m) for m in range(24 * 60, -1, -10)]
    quotes = []
    for coin in Coin.objects.filter(quotes__isnull=True):
        price = float(demo_start_price(coin.provider_id))
        walk = []
        for when in reversed(times):  # walk back from today's price
            walk.append((when, price))
            price *= math.exp(rng.gauss(0, 0.003))
        walk.reverse()
        day_ago = next(p for when, p in walk if when >= now - timedelta(hours=24))
        for when, p in walk:
            quotes.append(
                Quote(
                    coin=coin,
                    price=Decimal(f"{p:.12g}"),
                    change_24h=Decimal(f"{(p - day_ago) / day_ago * 100:.4f}"),
                    as_of=when,
                    fetched_at=when,
                    source=Provider.DEMO,
                )
            )
    Quote.objects.bulk_create(quotes, batch_size=1000)
    transaction.on_commit(ticker_cache_refresh)
    return len(quotes)


def seed(*, now: datetime) -> str:
    """seed_demo's hook (articles/demo.py): the default coins with a week of prices."""
    return f"Prices ready: {seed_quotes(now=now)} new demo quote(s) for the 17 coins."
