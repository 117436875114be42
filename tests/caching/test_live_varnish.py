"""A real varnishd with deploy/varnish/default.vcl in front of real gunicorn workers."""

import time
from dataclasses import dataclass
from decimal import Decimal

import httpx
import pytest

from comments.models import Comment
from comments.services import comments_moderate
from tests.caching.servers import BTC_PRICE, App, gunicorn, refresh_prices, site_env, varnishd
from tests.factories import make_article, make_comment, make_quote
from tests.ports import free_port
from tickers.formatting import format_price
from tickers.models import Coin, Quote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@dataclass
class Stack:
    url: str  # Varnish's, where readers come in
    app: App
    env: dict[str, str]


@pytest.fixture
def stack(database_url, static_root, settings, tmp_path, page_cache):
    """Varnish on a known port, gunicorn behind it sharing this test run's cache and purging it."""
    varnish_port = free_port()
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{varnish_port}/"]
    env = site_env(
        database_url,
        STATIC_ROOT=str(static_root),
        CACHE_DIR=settings.CACHES["default"]["LOCATION"],
        PAGE_CACHE_SECONDS="3600",
        HTTP_CACHE_PURGE_URLS=settings.HTTP_CACHE_PURGE_URLS[0],
    )
    with (
        gunicorn(env, tmp_path=tmp_path) as app,
        varnishd(app.port, tmp_path, port=varnish_port) as front,
    ):
        yield Stack(url=front, app=app, env=env)


def cache_status(front: str, path: str, **kwargs) -> str:
    response = httpx.get(front + path, timeout=10, **kwargs)
    assert response.status_code == 200, path
    return response.headers["X-Varnish-Cache"]


def warm(front, pages):
    for path in pages.values():
        cache_status(front, path)
        assert cache_status(front, path) == "HIT", path


def missed(front, pages) -> set[str]:
    return {name for name, path in pages.items() if cache_status(front, path) != "HIT"}


@pytest.fixture
def site():
    a = make_article(title="Alpha", tags=["Rollups"])
    b = make_article(title="Bravo", tags=["Oracles"])
    return (
        a,
        b,
        {
            "home": "/",
            "a": a.get_absolute_url(),
            "b": b.get_absolute_url(),
            "tag a": "/tags/rollups/",
            "tag b": "/tags/oracles/",
            "section b": b.section.get_absolute_url(),
            "feed": "/feed/",
        },
    )


def test_hits_are_hits_with_the_live_strip_and_compressed(stack, site):
    _, _, pages = site
    warm(stack.url, pages)

    response = httpx.get(stack.url + pages["a"], headers={"Accept-Encoding": "gzip"})
    assert response.headers["X-Varnish-Cache"] == "HIT"
    assert response.headers["Content-Encoding"] == "gzip"
    assert 'id="ticker"' in response.text and "<esi:include" not in response.text
    assert "xkey" not in response.headers and "X-Strip-Max-Age" not in response.headers
    assert response.headers["X-Request-ID"]
    # A shared link with tracking parameters is the same object as the clean URL.
    tracked = httpx.get(stack.url + pages["a"] + "?utm_source=x&utm_medium=y&fbclid=z")
    assert tracked.headers["X-Varnish-Cache"] == "HIT"
    assert (
        tracked.text.split('<section class="ticker')[0]
        == response.text.split('<section class="ticker')[0]
    )


def test_a_price_refresh_has_pages_put_together_again_without_the_app_rendering_them(
    stack, site, run_tasks
):
    _, _, pages = site
    make_quote(Coin.objects.get(symbol="BTC"), price=Decimal("61000"))
    run_tasks()  # the purges of setting up the site
    warm(stack.url, pages)
    before = httpx.get(stack.url + pages["a"])
    unchanged = httpx.get(stack.url + pages["a"], headers={"If-None-Match": before.headers["ETag"]})
    assert unchanged.status_code == 304  # so the 200 below is the price change's doing
    seen = len(stack.app.access_log.read_text().splitlines())

    refresh_prices(stack.env)
    run_tasks()
    after = httpx.get(stack.url + pages["a"])
    revalidated = httpx.get(
        stack.url + pages["a"], headers={"If-None-Match": before.headers["ETag"]}
    )

    latest = Quote.objects.filter(coin__symbol="BTC").latest("as_of").price
    assert BTC_PRICE.search(before.text).group(1) == "$61,000.00"
    assert BTC_PRICE.search(after.text).group(1) == format_price(latest) != "$61,000.00"
    assert after.headers["X-Varnish-Cache"] == "MISS"
    # The app was asked for the new strip alone: the page came from Varnish's own layer.
    asked = [line.split()[2] for line in stack.app.access_log.read_text().splitlines()[seen:]]
    assert [path for path in asked if path not in ("/healthz", "/readyz")] == ["/esi/ticker/"]
    # A browser holding the page with the old prices is not told it is still current.
    assert revalidated.status_code == 200
    assert BTC_PRICE.search(revalidated.text).group(1) == format_price(latest)


def test_publishing_purges_exactly_the_pages_that_list_it(stack, site, run_tasks):
    a, _, pages = site
    run_tasks()  # the purges of setting up the site
    warm(stack.url, pages)

    make_article(title="Charlie", section=a.section, author=a.author, tags=["Rollups"])
    run_tasks()

    assert missed(stack.url, pages) == {"home", "a", "tag a", "feed"}
    assert "Charlie" in httpx.get(stack.url + "/").text


def test_approving_a_comment_purges_exactly_its_briefing_and_the_lists_counting_it(
    stack, site, run_tasks
):
    _, b, pages = site
    held = make_comment(article=b, status=Comment.Status.PENDING, body="Approved at last")
    run_tasks()  # the purges of setting up the site
    warm(stack.url, pages)

    comments_moderate(comments=[held], status=Comment.Status.APPROVED)
    run_tasks()

    assert missed(stack.url, pages) == {"home", "b", "tag b", "section b"}
    assert "Approved at last" in httpx.get(stack.url + pages["b"]).text


def test_posts_and_signed_in_readers_pass_through(stack, site):
    a, _, pages = site
    warm(stack.url, pages)

    post = httpx.post(
        stack.url + "/comments/post/", data={"article": a.pk}, headers={"Origin": stack.url}
    )
    assert post.headers["X-Varnish-Cache"] == "PASS"
    assert post.status_code in (302, 400)

    signed_in = httpx.get(stack.url + pages["a"], cookies={"sessionid": "someone"})
    assert signed_in.headers["X-Varnish-Cache"] == "PASS"
    assert signed_in.headers["X-Cache"] == "BYPASS"  # the app's own cache let it through too
    assert cache_status(stack.url, pages["a"], cookies={"_ga": "analytics"}) == "HIT"


def test_a_purge_names_its_keys(stack):
    assert httpx.request("PURGE", stack.url + "/").status_code == 400
    purged = httpx.request("PURGE", stack.url + "/", headers={"xkey": "no-such-key"})
    assert purged.status_code == 200 and purged.headers["X-Purged"] == "0"


def test_with_the_app_down_varnish_serves_stale_pages(database_url, static_root, tmp_path, site):
    _, _, pages = site
    env = site_env(
        database_url,
        STATIC_ROOT=str(static_root),
        CACHE_DIR=str(tmp_path / "cache"),
        PAGE_CACHE_SECONDS="3",
    )
    with gunicorn(env, tmp_path=tmp_path) as app, varnishd(app.port, tmp_path) as front:
        cache_status(front, pages["a"])
        assert cache_status(front, pages["a"]) == "HIT"
        app.stop()
        time.sleep(4)  # past the page's lifetime, and the health probe has seen the app go
        stale = httpx.get(front + pages["a"], timeout=5)

    assert stale.status_code == 200
    assert "Alpha" in stale.text
    assert stale.headers["X-Varnish-Cache"] == "HIT"
