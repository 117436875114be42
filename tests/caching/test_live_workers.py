"""Two real gunicorn workers, one shared cache: a file cache, or a real Redis we start and stop."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest

from tests.caching.servers import BTC_PRICE, gunicorn, redis_server, refresh_prices, site_env
from tests.factories import make_article, make_quote
from tickers.formatting import format_price
from tickers.models import Coin, Quote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def briefing():
    make_quote(Coin.objects.get(symbol="BTC"), price=Decimal("61000"))
    return make_article(title="Read by every worker")


def btc_prices(url: str, count: int) -> tuple[list[str], list[int]]:
    """The BTC price on `count` page views sent four at a time (so both workers answer)."""

    def view(_):
        response = httpx.get(url, timeout=10)
        assert response.status_code == 200
        return BTC_PRICE.search(response.text).group(1)

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(view, range(count)))


def serving_pids(access_log) -> set[str]:
    return {line.split()[0] for line in access_log.read_text().splitlines() if line.strip()}


def test_after_a_refresh_every_worker_shows_the_same_new_price_from_the_file_cache(
    database_url, briefing, tmp_path, static_root
):
    env = site_env(
        database_url,
        STATIC_ROOT=str(static_root),
        CACHE_DIR=str(tmp_path / "cache"),
        PAGE_CACHE_SECONDS="3600",
    )
    with gunicorn(env, workers=2, tmp_path=tmp_path) as app:
        page = app.url + briefing.get_absolute_url()
        assert set(btc_prices(page, 20)) == {"$61,000.00"}  # every worker has it cached now

        refresh_prices(env)
        latest = Quote.objects.filter(coin__symbol="BTC").latest("as_of").price
        prices = btc_prices(page, 40)

        assert len(serving_pids(app.access_log)) == 2
    assert set(prices) == {format_price(latest)}
    assert latest != Decimal("61000")


def test_with_redis_every_worker_agrees_and_a_dead_redis_costs_speed_not_pages(
    database_url, briefing, tmp_path, static_root
):
    with redis_server(tmp_path) as (port, stop_redis):
        env = site_env(
            database_url,
            STATIC_ROOT=str(static_root),
            REDIS_URL=f"redis://127.0.0.1:{port}/0",
            PAGE_CACHE_SECONDS="3600",
        )
        with gunicorn(env, workers=2, tmp_path=tmp_path) as app:
            base, page = app.url, app.url + briefing.get_absolute_url()
            btc_prices(page, 10)
            refresh_prices(env)
            latest = Quote.objects.filter(coin__symbol="BTC").latest("as_of").price
            assert set(btc_prices(page, 40)) == {format_price(latest)}
            assert len(serving_pids(app.access_log)) == 2
            assert httpx.get(base + "/healthz").json() == {
                "status": "ok",
                "database": "ok",
                "cache": "ok",
            }

            stop_redis()

            for path in [
                "/",
                briefing.get_absolute_url(),
                "/tickers.json",
                "/feed/",
                "/tickers/btc/",
            ]:
                response = httpx.get(base + path, timeout=10)
                assert response.status_code == 200, path
            assert set(btc_prices(page, 10)) == {format_price(latest)}
            health = httpx.get(base + "/healthz")
            assert health.status_code == 503
            assert health.json() == {
                "status": "unavailable",
                "database": "ok",
                "cache": "unavailable",
            }

        with redis_server(tmp_path, port=port), gunicorn(env, tmp_path=tmp_path) as app:
            assert httpx.get(app.url + "/healthz").status_code == 200
