"""What the admin lets anyone do with the rows the refresh writes."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_coin, make_quote
from tickers.models import Coin, HeldQuote, PriceRefresh, ProviderHealth, Quote

pytestmark = pytest.mark.django_db


def test_a_superuser_deletes_a_coin_with_its_quotes_and_held_quotes(admin_client):
    coin = make_coin(symbol="OLD", name="Old coin", provider_id="old-coin")
    quote = make_quote(coin)
    HeldQuote.objects.create(
        coin=coin,
        provider="coingecko",
        price=Decimal("99"),
        as_of=timezone.now(),
        held_at=timezone.now(),
        last_price=quote.price,
        last_as_of=quote.as_of,
    )
    url = reverse("admin:tickers_coin_delete", args=[coin.pk])

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Coin.objects.filter(symbol="OLD").exists()
    assert not Quote.objects.filter(coin_id=coin.pk).exists()
    assert not HeldQuote.objects.filter(coin_id=coin.pk).exists()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (PriceRefresh, lambda: PriceRefresh.objects.create(provider="demo", stored=3)),
        (ProviderHealth, lambda: ProviderHealth.objects.create(provider="coingecko")),
    ],
)
def test_not_even_a_superuser_deletes_a_refresh_record_or_a_breaker(admin_client, model, make):
    row = make()
    name = model._meta.model_name
    changelist = reverse(f"admin:tickers_{name}_changelist")

    delete = admin_client.post(reverse(f"admin:tickers_{name}_delete", args=[row.pk]))
    action = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )

    assert delete.status_code == 403
    assert action.status_code in (200, 302)
    assert model.objects.filter(pk=row.pk).exists()


def test_the_coin_list_and_provider_health_describe_the_last_refresh_alike(editor_client):
    PriceRefresh.objects.create(provider="coingecko", stored=16, skipped="ARB (missing)")
    said = "16 quote(s) stored; skipped ARB (missing)."

    coins = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    health = editor_client.get(reverse("admin:tickers_providerhealth_changelist")).content.decode()

    assert said in coins and said in health


def test_a_failed_refresh_stands_out_on_the_coin_list(editor_client):
    PriceRefresh.objects.create(provider="coingecko", stored=0)
    html = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    assert "<strong>failed — no valid quotes</strong>." in html
