"""The coin page names the day of a price only when it is not today, both days in UTC."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import make_quote
from tickers.models import Coin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("time_zone", "now", "shown"),
    [
        # Already 26 November in Auckland, still the 25th in UTC.
        ("Pacific/Auckland", datetime(2026, 11, 25, 12, 0, tzinfo=UTC), "11:55 UTC"),
        # Still 24 November in Honolulu, already the 25th in UTC.
        ("Pacific/Honolulu", datetime(2026, 11, 25, 2, 0, tzinfo=UTC), "01:55 UTC"),
        # Both on 24 November in Honolulu, a day apart in UTC.
        (
            "Pacific/Honolulu",
            datetime(2026, 11, 25, 0, 1, tzinfo=UTC),
            "24 Nov 2026, 23:56 UTC",
        ),
    ],
)
def test_the_day_of_a_price_is_judged_in_utc_whatever_the_time_zone(
    client, settings, time_zone, now, shown
):
    settings.TIME_ZONE = time_zone
    as_of = now - timedelta(minutes=5)
    make_quote(Coin.objects.get(symbol="ETH"), as_of=as_of)
    with time_machine.travel(now, tick=False):
        html = client.get("/tickers/eth/").content.decode()
    assert f'As of <time datetime="{as_of.isoformat()}">{shown}</time>' in html
