from decimal import Decimal

import pytest

from tickers.formatting import change_arrow, change_direction, format_change, format_price


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("61262", "$61,262.00"),
        ("61262.004999", "$61,262.00"),
        ("1234567.891", "$1,234,567.89"),
        ("999.995", "$1,000.00"),
        ("142.37", "$142.37"),
        ("1", "$1.00"),
        ("1.005", "$1.01"),
        ("0.99996", "$1.00"),
        ("0.5873", "$0.5873"),
        ("0.5", "$0.50"),
        ("0.1", "$0.10"),
        ("0.0831", "$0.0831"),
        ("0.08314999", "$0.08315"),
        ("0.00001462", "$0.00001462"),
        ("0.000014625", "$0.00001463"),
        ("1.462E-5", "$0.00001462"),
        ("0.000000001234567", "$0.000000001235"),
        ("0", "$0.00"),
        ("-0.5", "-$0.50"),
        ("-1234.5", "-$1,234.50"),
    ],
)
def test_format_price_reads_like_money_at_every_magnitude(value, expected):
    assert format_price(Decimal(value)) == expected
    assert "E" not in format_price(Decimal(value)).upper()


@pytest.mark.parametrize(
    ("value", "expected", "direction", "arrow"),
    [
        ("0.5", "+0.5%", "up", "▲"),
        ("0.04", "0.0%", "up", "–"),
        ("0", "0.0%", "up", "–"),
        ("-0.04", "0.0%", "up", "–"),
        ("-0.05", "-0.1%", "down", "▼"),
        ("-4.2", "-4.2%", "down", "▼"),
        ("-4.25", "-4.3%", "down", "▼"),
        ("12.3456", "+12.3%", "up", "▲"),
        ("1234.56", "+1,234.6%", "up", "▲"),
        ("-99.99", "-100.0%", "down", "▼"),
    ],
)
def test_format_change_has_a_sign_and_one_decimal(value, expected, direction, arrow):
    assert format_change(Decimal(value)) == expected
    assert change_direction(Decimal(value)) == direction
    assert change_arrow(Decimal(value)) == arrow


def test_missing_values_show_a_dash():
    assert format_price(None) == "—"
    assert format_change(None) == "—"
    assert change_direction(None) == "up"
    assert change_arrow(None) == "–"
