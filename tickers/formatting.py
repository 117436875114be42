"""How prices and changes read on the site, and in /tickers.json for static/js/ticker.js."""

from decimal import ROUND_HALF_UP, Decimal

NO_VALUE = "—"
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def format_price(value: Decimal | None) -> str:
    """`$61,262.00` from a dollar up; below, four significant digits: `$0.0831`, `$0.00001462`."""
    if value is None:
        return NO_VALUE
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < 1 and value != 0:
        # adjusted() is the exponent of the first significant digit: keep three more.
        rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - 3), ROUND_HALF_UP)
        if rounded < 1:
            digits = format(rounded, "f").rstrip("0")
            return f"{sign}${digits.ljust(4, '0')}"  # at least cents: $0.50, not $0.5
        value = rounded
    return f"{sign}${value.quantize(CENT, ROUND_HALF_UP):,.2f}"


def format_change(value: Decimal | None) -> str:
    """A 24-hour change in percent with its sign: `+0.5%`, `-4.2%`, `0.0%`."""
    if value is None:
        return NO_VALUE
    rounded = Decimal(value).quantize(TENTH, ROUND_HALF_UP)
    if rounded == 0:
        return "0.0%"
    return f"{rounded:+,.1f}%"


def change_direction(value: Decimal | None) -> str:
    """`down` for a fall that shows as one, else `up` (the strip's class names)."""
    if value is not None and Decimal(value).quantize(TENTH, ROUND_HALF_UP) < 0:
        return "down"
    return "up"


def change_arrow(value: Decimal | None) -> str:
    if value is None or Decimal(value).quantize(TENTH, ROUND_HALF_UP) == 0:
        return "–"
    return "▼" if change_direction(value) == "down" else "▲"
