from io import StringIO

import pytest
from django.core.management import call_command

from tickers.demo import seed_quotes
from tickers.models import Coin, Quote

pytestmark = pytest.mark.django_db


def test_seed_quotes_gives_every_coin_a_week_of_history_once():
    Coin.objects.filter(symbol="SUI").delete()
    created = seed_quotes()
    assert Coin.objects.count() == 17
    assert created == Quote.objects.count() > 17 * 7 * 24
    assert seed_quotes() == 0


def test_seed_demo_loads_prices_for_the_strip(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "new demo quote(s)" in out.getvalue()
    html = client.get("/").content.decode()
    assert html.count('class="ticker-item"') == 34
