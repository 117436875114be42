from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tickers.charts import HEIGHT, WIDTH, price_chart

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def chart(*prices):
    points = [(START + timedelta(hours=i), Decimal(p)) for i, p in enumerate(prices)]
    return price_chart(points, title="T", period="last day", time_format="%H:%M")


def test_fewer_than_two_points_draw_no_chart():
    assert chart() is None
    assert chart("1") is None


def test_the_line_spans_the_plot_and_the_labels_name_high_low_and_times():
    drawn = chart("100", "150", "50", "75")
    xs = [float(pair.split(",")[0]) for pair in drawn.points.split()]
    ys = [float(pair.split(",")[1]) for pair in drawn.points.split()]
    assert xs[0] == drawn.plot_left and xs[-1] == drawn.plot_right
    assert min(ys) >= 0 and max(ys) <= drawn.plot_bottom
    assert [tick.label for tick in drawn.y_ticks] == ["$150.00", "$100.00", "$50.00"]
    assert [tick.label for tick in drawn.x_ticks] == ["09:00", "10:30", "12:00"]
    assert drawn.summary == (
        "Over the last day: high $150.00, low $50.00, change -25.0% (from $100.00 to $75.00)."
    )
    assert drawn.direction == "down"
    assert (drawn.width, drawn.height) == (WIDTH, HEIGHT)


def test_a_flat_price_and_tiny_prices_still_draw():
    assert chart("2", "2").change == "0.0%"
    tiny = chart("0.00001462", "0.00001501")
    assert tiny.y_ticks[0].label == "$0.00001501"
    assert "e-" not in tiny.points
