from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_quote
from tickers.models import Coin, HeldQuote, PriceRefresh, ProviderHealth, ProviderRequest, Quote

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotes():
    for coin in Coin.objects.all():
        for minutes in (1, 6, 11):
            make_quote(
                coin,
                price=Decimal("2.5") + minutes,
                as_of=timezone.now() - timedelta(minutes=minutes),
            )


def test_editor_sees_coins_with_their_latest_quote_and_the_last_refresh(editor_client, quotes):
    PriceRefresh.objects.create(provider="coingecko", stored=0, error="HTTP 503")
    response = editor_client.get(reverse("admin:tickers_coin_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "avalanche-2" in html
    assert "$3.50" in html  # the latest of the three quotes
    assert "failed — HTTP 503" in html


def test_a_successful_refresh_is_reported_on_the_coin_list(editor_client):
    PriceRefresh.objects.create(provider="demo", stored=17)
    html = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    assert "17 quote(s) stored." in html


def test_a_refresh_saved_by_the_second_provider_says_what_the_first_did(editor_client):
    PriceRefresh.objects.create(
        provider="coingecko,coinpaprika", stored=17, error="coingecko: HTTP 503"
    )
    html = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    assert "17 quote(s) stored; coingecko: HTTP 503." in html


def test_never_refreshed_says_how_to_start(editor_client):
    html = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    assert "Prices have not been refreshed yet" in html


@pytest.mark.parametrize("quotes_per_coin", [1, 5])
def test_the_coin_list_costs_the_same_queries_however_many_quotes(
    editor_client, quotes_per_coin, django_assert_num_queries
):
    for coin in Coin.objects.all():
        for n in range(quotes_per_coin):
            make_quote(coin, as_of=timezone.now() - timedelta(minutes=n))
    url = reverse("admin:tickers_coin_changelist")
    editor_client.get(url)
    # Session, user, permissions, last refresh, counts and one query for all coins with
    # their latest quotes: the same whatever the number of quotes.
    with django_assert_num_queries(8):
        editor_client.get(url)


def test_editor_reorders_and_switches_off_coins_from_the_list(editor_client):
    coins = list(Coin.objects.order_by("position"))
    data = {
        "form-TOTAL_FORMS": str(len(coins)),
        "form-INITIAL_FORMS": str(len(coins)),
        "_save": "Save",
    }
    for i, coin in enumerate(coins):
        data[f"form-{i}-id"] = str(coin.pk)
        data[f"form-{i}-position"] = str(len(coins) - i)
        if coin.symbol != "FIL":
            data[f"form-{i}-is_active"] = "on"
    response = editor_client.post(reverse("admin:tickers_coin_changelist"), data)
    assert response.status_code == 302
    assert Coin.objects.order_by("position").first().symbol == "SUI"
    assert not Coin.objects.get(symbol="FIL").is_active


def test_editor_adds_a_coin_by_its_provider_id(editor_client):
    response = editor_client.post(
        reverse("admin:tickers_coin_add"),
        {
            "symbol": "ton",
            "name": "Toncoin",
            "provider_id": "the-open-network",
            "position": 20,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Coin.objects.get(symbol="TON").provider_id == "the-open-network"


def test_quotes_and_refreshes_are_read_only(editor_client, quotes):
    quote = Quote.objects.first()
    assert editor_client.get(reverse("admin:tickers_quote_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:tickers_quote_add")).status_code == 403
    change = editor_client.post(
        reverse("admin:tickers_quote_change", args=[quote.pk]), {"price": "1"}
    )
    assert change.status_code == 403
    assert editor_client.get(reverse("admin:tickers_pricerefresh_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:tickers_pricerefresh_add")).status_code == 403


@pytest.mark.parametrize(
    ("symbol", "provider_id", "field", "message"),
    [
        ("btc", "bitcoin-two", "symbol", "Coin with this Symbol already exists."),
        ("NEW", "Bitcoin", "provider_id", "Coin with this CoinGecko id already exists."),
        ("B/TC", "b-tc", "symbol", "Use letters and digits only."),
        ("BTC2", "bit coin", "provider_id", "Use the API id from the coin"),
    ],
)
def test_bad_coins_get_a_clear_message(editor_client, symbol, provider_id, field, message):
    response = editor_client.post(
        reverse("admin:tickers_coin_add"),
        {"symbol": symbol, "name": "X", "provider_id": provider_id, "position": 1},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])


def test_the_editors_group_may_manage_coins_and_read_quotes():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="tickers")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        "add_coin",
        "change_coin",
        "delete_coin",
        "view_coin",
        "view_quote",
        "view_pricerefresh",
        "view_providerhealth",
        "view_heldquote",
    }


# --- Providers: ids, health, held-back quotes ---------------------------------------------------


def test_the_default_coins_are_mapped_to_coinpaprika_by_a_migration():
    ids = dict(Coin.objects.values_list("symbol", "coinpaprika_id"))
    assert len(ids) == 17 and all(ids.values())
    assert (ids["BTC"], ids["AVAX"], ids["NEAR"]) == (
        "btc-bitcoin",
        "avax-avalanche",
        "near-near-protocol",
    )


def test_editor_maps_a_coin_to_each_provider(editor_client):
    response = editor_client.post(
        reverse("admin:tickers_coin_add"),
        {
            "symbol": "TON",
            "name": "Toncoin",
            "provider_id": "the-open-network",
            "coinpaprika_id": " TON-Toncoin ",
            "position": 20,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Coin.objects.get(symbol="TON").coinpaprika_id == "ton-toncoin"
    form = editor_client.get(
        reverse("admin:tickers_coin_change", args=[Coin.objects.get(symbol="TON").pk])
    )
    assert "Ids at each price provider" in form.content.decode()


@pytest.mark.parametrize(
    ("coinpaprika_id", "message"),
    [
        ("btc-bitcoin", "Another coin already has this CoinPaprika id."),
        ("ton coin", "Use the id from the coin's CoinPaprika API"),
    ],
)
def test_a_bad_coinpaprika_id_gets_a_clear_message_and_keeps_what_was_typed(
    editor_client, coinpaprika_id, message
):
    response = editor_client.post(
        reverse("admin:tickers_coin_add"),
        {
            "symbol": "TON",
            "name": "Toncoin",
            "provider_id": "the-open-network",
            "coinpaprika_id": coinpaprika_id,
            "position": 20,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert f'value="{coinpaprika_id}"' in response.content.decode()
    assert not Coin.objects.filter(symbol="TON").exists()


def test_a_coin_without_a_coinpaprika_id_is_fine(editor_client):
    for symbol in ("AAA", "BBB"):  # two blanks do not collide
        response = editor_client.post(
            reverse("admin:tickers_coin_add"),
            {"symbol": symbol, "name": symbol, "provider_id": symbol.lower(), "position": 30},
        )
        assert response.status_code == 302


@pytest.fixture
def provider_history():
    now = timezone.now()
    ProviderHealth.objects.create(
        provider="coingecko",
        failures=3,
        cool_off_until=now + timedelta(minutes=4),
        last_success_at=now - timedelta(minutes=20),
        last_error="rate limited (HTTP 429), retry after 240 s",
        last_error_at=now - timedelta(minutes=1),
    )
    ProviderHealth.objects.create(provider="coinpaprika", last_success_at=now)
    for minutes, ok in [(1, False), (2, False), (3, False), (20, True), (60 * 25, False)]:
        ProviderRequest.objects.create(
            provider="coingecko", at=now - timedelta(minutes=minutes), ok=ok
        )
    for minutes in (1, 2, 3):
        ProviderRequest.objects.create(
            provider="coinpaprika", at=now - timedelta(minutes=minutes), ok=True
        )


def test_editor_sees_each_providers_health(editor_client, provider_history, settings):
    settings.TICKER_PROVIDERS = ["coingecko", "coinpaprika", "demo"]
    response = editor_client.get(reverse("admin:tickers_providerhealth_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = html.split('<tr class="provider-')[1:]
    assert [row.split('"')[0] for row in rows] == ["coingecko", "coinpaprika", "demo"]
    gecko, paprika, demo = rows
    assert "Cooling off until" in gecko and "minutes left" in gecko
    assert "rate limited (HTTP 429), retry after 240 s" in gecko
    assert "20\xa0minutes ago" in gecko
    # The last 24 hours only: four requests, three failed.
    assert '<span class="provider-requests">4</span> requests' in gecko
    assert '<span class="provider-failures">3</span> failed' in gecko
    assert "OK" in paprika and '<span class="provider-requests">3</span> requests' in paprika
    assert "Not asked yet" in demo


@pytest.mark.parametrize("requests", [2, 20])
def test_the_health_page_costs_the_same_queries_however_many_requests(
    editor_client, provider_history, requests, django_assert_num_queries
):
    for n in range(requests):
        ProviderRequest.objects.create(provider="coinpaprika", ok=n % 2 == 0)
    url = reverse("admin:tickers_providerhealth_changelist")
    editor_client.get(url)
    # Session, user, two for permissions, health rows, 24-hour counts, held counts, last refresh.
    with django_assert_num_queries(8):
        editor_client.get(url)


def test_held_quotes_are_listed_with_both_values(editor_client):
    now = timezone.now()
    HeldQuote.objects.create(
        coin=Coin.objects.get(symbol="BTC"),
        provider="coingecko",
        price=Decimal("60000000"),
        as_of=now,
        held_at=now,
        last_price=Decimal("60000"),
        last_as_of=now - timedelta(minutes=4),
        second_provider="coinpaprika",
        second_price=Decimal("60150"),
    )
    response = editor_client.get(reverse("admin:tickers_heldquote_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("$60,000,000.00", "$60,000.00 at", "+99,900.0%", "$60,150.00 (CoinPaprika)"):
        assert text in html
    assert editor_client.get(reverse("admin:tickers_heldquote_add")).status_code == 403


def test_the_coin_list_links_to_provider_health(editor_client):
    html = editor_client.get(reverse("admin:tickers_coin_changelist")).content.decode()
    assert reverse("admin:tickers_providerhealth_changelist") in html
