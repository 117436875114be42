"""A real varnishd with deploy/varnish/default.vcl in front of real gunicorn workers."""

import time

import httpx
import pytest

from comments.models import Comment
from comments.services import comments_moderate
from tests.caching.servers import gunicorn, site_env, varnishd
from tests.conftest import free_port
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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
        yield front


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
    warm(stack, pages)

    response = httpx.get(stack + pages["a"], headers={"Accept-Encoding": "gzip"})
    assert response.headers["X-Varnish-Cache"] == "HIT"
    assert response.headers["Content-Encoding"] == "gzip"
    assert 'id="ticker"' in response.text and "<esi:include" not in response.text
    assert "xkey" not in response.headers
    assert response.headers["X-Request-ID"]


def test_publishing_purges_exactly_the_pages_that_list_it(stack, site, run_tasks):
    a, _, pages = site
    run_tasks()  # the purges of setting up the site
    warm(stack, pages)

    make_article(title="Charlie", section=a.section, author=a.author, tags=["Rollups"])
    run_tasks()

    assert missed(stack, pages) == {"home", "a", "tag a", "feed"}
    assert "Charlie" in httpx.get(stack + "/").text


def test_approving_a_comment_purges_exactly_its_briefing_and_the_lists_counting_it(
    stack, site, run_tasks
):
    _, b, pages = site
    held = make_comment(article=b, status=Comment.Status.PENDING, body="Approved at last")
    run_tasks()  # the purges of setting up the site
    warm(stack, pages)

    comments_moderate(comments=[held], status=Comment.Status.APPROVED)
    run_tasks()

    assert missed(stack, pages) == {"home", "b", "tag b", "section b"}
    assert "Approved at last" in httpx.get(stack + pages["b"]).text


def test_posts_and_signed_in_readers_pass_through(stack, site):
    a, _, pages = site
    warm(stack, pages)

    post = httpx.post(stack + "/comments/post/", data={"article": a.pk}, headers={"Origin": stack})
    assert post.headers["X-Varnish-Cache"] == "PASS"
    assert post.status_code in (302, 400)

    signed_in = httpx.get(stack + pages["a"], cookies={"sessionid": "someone"})
    assert signed_in.headers["X-Varnish-Cache"] == "PASS"
    assert signed_in.headers["X-Cache"] == "BYPASS"  # the app's own cache let it through too
    assert cache_status(stack, pages["a"], cookies={"_ga": "analytics"}) == "HIT"


def test_a_purge_names_its_keys(stack):
    assert httpx.request("PURGE", stack + "/").status_code == 400
    purged = httpx.request("PURGE", stack + "/", headers={"xkey": "no-such-key"})
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
