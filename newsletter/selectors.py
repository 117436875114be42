"""What pages and other apps read about the newsletter."""

from decimal import Decimal

from tickers.selectors import ticker_rows

from .models import Digest, Subscriber

PRICE_SYMBOLS = ("BTC", "ETH", "SOL")


def confirmed_subscriber_count() -> int:
    """How many people get the briefing by email (the /advertise/ page shows it)."""
    return Subscriber.objects.confirmed().count()


def latest_digest() -> Digest | None:
    """The newest daily digest that went out, for the /newsletter/ page."""
    return (
        Digest.objects.filter(frequency=Subscriber.Frequency.DAILY, status=Digest.Status.SENDING)
        .order_by("-issue_date")
        .first()
    )


def digest_prices() -> list[dict]:
    """BTC, ETH, SOL and the day's biggest mover among the other coins, from stored quotes."""
    rows = ticker_rows()
    chosen = [row for symbol in PRICE_SYMBOLS for row in rows if row["symbol"] == symbol]
    others = [row for row in rows if row["symbol"] not in PRICE_SYMBOLS and row["change_24h"]]
    if others:
        mover = max(others, key=lambda row: abs(Decimal(row["change_24h"])))
        chosen.append({**mover, "is_mover": True})
    return [
        {
            "symbol": row["symbol"],
            "name": row["name"],
            "price": row["price_display"],
            "change": row["change_display"],
            "direction": row["direction"],
            "is_mover": row.get("is_mover", False),
        }
        for row in chosen
    ]
