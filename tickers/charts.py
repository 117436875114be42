"""Price charts drawn on the server as SVG geometry: no chart library, no JavaScript."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .formatting import change_direction, format_change, format_price

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 100, 10, 16, 34  # room for the price and time labels


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class PriceChart:
    title: str
    points: str  # the polyline's "x,y x,y …"
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    high: str
    low: str
    change: str
    direction: str
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def price_chart(
    points: list[tuple[datetime, Decimal]], *, title: str, period: str, time_format: str
) -> PriceChart | None:
    """A line chart of (time, price) points, or None with fewer than two points."""
    if len(points) < 2:
        return None
    times = [when.timestamp() for when, _ in points]
    prices = [float(price) for _, price in points]
    t0, t1 = times[0], times[-1]
    low, high = min(prices), max(prices)
    span_t = (t1 - t0) or 1.0
    span_p = (high - low) or (high * 0.01) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return round(LEFT + (t - t0) / span_t * plot_w, 1)

    def y(p: float) -> float:
        return round(TOP + (high - p) / span_p * plot_h, 1)

    (start, first), (end, last) = points[0], points[-1]
    change = (Decimal(last) - Decimal(first)) / Decimal(first) * 100
    high_label, low_label = format_price(Decimal(str(high))), format_price(Decimal(str(low)))
    mid = (high + low) / 2
    return PriceChart(
        title=title,
        points=" ".join(f"{x(t)},{y(p)}" for t, p in zip(times, prices, strict=True)),
        y_ticks=[
            Tick(LEFT, y(high), high_label),
            Tick(LEFT, y(mid), format_price(Decimal(str(mid)))),
            Tick(LEFT, y(low), low_label),
        ],
        x_ticks=[
            Tick(x(when.timestamp()), HEIGHT - 10, when.strftime(time_format))
            for when in (start, start + (end - start) / 2, end)
        ],
        high=high_label,
        low=low_label,
        change=format_change(change),
        direction=change_direction(change),
        summary=(
            f"Over the {period}: high {high_label}, low {low_label}, "
            f"change {format_change(change)} "
            f"(from {format_price(Decimal(first))} to {format_price(Decimal(last))})."
        ),
    )
