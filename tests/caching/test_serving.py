"""Compression, request ids and /healthz, through the test client."""

import gzip
import json
import logging

import brotli
import pytest

from tests.factories import make_article, make_comment, make_quote
from tickers.models import Coin
from tickers.selectors import ticker_cache_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_page():
    article = make_article(title="Many voices")
    for n in range(60):
        make_comment(article=article, body=f"Comment {n}: " + "a considered opinion " * 8)
    return article.get_absolute_url()


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=1", "gzip", gzip.decompress),
    ],
)
def test_pages_are_compressed_as_the_reader_accepts(client, long_page, accept, coding, decode):
    plain = client.get(long_page).content
    response = client.get(long_page, headers={"accept-encoding": accept})

    assert response["Content-Encoding"] == coding
    assert "Accept-Encoding" in response["Vary"]
    html = decode(response.content)
    assert html.startswith(b"<!doctype html>") and b"Comment 59" in html
    assert abs(len(html) - len(plain)) < 100  # the form's signed render time differs
    assert len(response.content) < len(plain) / 4


@pytest.mark.parametrize("path", ["/feed/", "/tickers.json", "/sitemap.xml"])
def test_feeds_and_json_are_compressed_too(client, path):
    make_article()
    for coin in Coin.objects.all():
        make_quote(coin)
    ticker_cache_refresh()
    response = client.get(path, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith("W/")


def test_without_accept_encoding_the_page_is_plain(client, long_page):
    assert "Content-Encoding" not in client.get(long_page)


@pytest.mark.usefixtures("page_cache")
def test_a_cached_page_is_compressed_per_reader(client, long_page):
    client.get(long_page)
    hit = client.get(long_page, headers={"accept-encoding": "br"})
    assert hit["X-Cache"] == "HIT"
    assert b"Many voices" in brotli.decompress(hit.content)


def test_every_response_carries_a_request_id_that_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="convergence.request"):
        response = client.get("/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [r.getMessage() for r in caplog.records if request_id in r.getMessage()]
    assert line.startswith("GET / 200 ") and line.endswith(f"ms cache=off id={request_id}")


@pytest.mark.parametrize(
    ("incoming", "kept"), [("varnish-32770", True), ("a b;c", False), ("x" * 200, False)]
)
def test_a_request_id_from_the_proxy_is_kept_when_it_looks_like_one(client, incoming, kept):
    response = client.get("/", headers={"x-request-id": incoming})
    assert (response["X-Request-ID"] == incoming) is kept


def test_healthz_says_the_database_and_cache_answer_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_cache_is_broken(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.LocalCache",
            "LOCATION": str(blocked),
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }


def test_readyz_asks_only_the_database_so_a_broken_cache_keeps_the_traffic(
    client, settings, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    settings.CACHES = {"default": {"BACKEND": "core.cache.LocalCache", "LOCATION": str(blocked)}}
    assert client.get("/healthz").status_code == 503
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
