"""What an editor takes down stays down, even when the cache loses data or a reader races the
commit; a hit costs two cache reads; tracking parameters share the clean URL's entry."""

import subprocess
import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from articles.models import Article
from articles.services import article_unpublish
from comments.models import Comment
from comments.services import comments_moderate
from core import pagecache
from core.cache import LocalCache
from core.purge import ANY_KEY, RECORD_PREFIX, records_fill
from tests.caching.servers import redis_server
from tests.factories import make_article, make_comment, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def status(client, url, **kwargs):
    return client.get(url, **kwargs).get("X-Cache", "NONE")


# --- Two reads per hit ------------------------------------------------------------------------


@pytest.fixture
def cache_reads(monkeypatch):
    """Every read asked of the shared cache, as (method, number of keys). Reads a backend
    makes inside another (diskcache answers get_many with gets) are not counted:
    Redis answers a get_many with one MGET."""
    reads = []
    depth = [0]
    for method in ("get", "get_many", "has_key"):
        original = getattr(LocalCache, method)

        def counted(self, key, *args, _original=original, _method=method, **kwargs):
            if not depth[0]:
                reads.append((_method, len(key) if _method == "get_many" else 1))
            depth[0] += 1
            try:
                return _original(self, key, *args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(LocalCache, method, counted)
    return reads


def test_a_page_cache_hit_costs_two_cache_reads(client, cache_reads):
    url = make_article(tags=["Rollups"]).get_absolute_url()
    make_comment(article=Article.objects.get(), body="A comment")
    client.get(url)
    assert status(client, url) == "HIT" or status(client, url) == "HIT"

    cache_reads.clear()
    assert status(client, url) == "HIT"
    assert [method for method, _ in cache_reads] == ["get", "get_many"]


def test_a_process_reads_a_page_body_from_the_shared_cache_once(client, cache_reads, monkeypatch):
    """The body is stored apart under its digest, and kept by the process that served it:
    another process (here: a forgotten copy) reads it in the same get_many as the records."""
    url = make_article().get_absolute_url()
    drawn = client.get(url)
    cache_reads.clear()
    assert status(client, url) == "HIT"
    [(_, kept)] = [read for read in cache_reads if read[0] == "get_many"]

    monkeypatch.setattr(pagecache, "_bodies", pagecache._Recent(32))  # a process new to it
    cache_reads.clear()
    response = client.get(url)
    assert response["X-Cache"] == "HIT" and response.content == drawn.content
    assert [method for method, _ in cache_reads] == ["get", "get_many"]
    assert cache_reads[1] == ("get_many", kept + 1)

    cache.delete("page-body:" + drawn["ETag"].strip('"')[:24])  # the page's digest
    monkeypatch.setattr(pagecache, "_bodies", pagecache._Recent(32))
    assert status(client, url) == "MISS"  # a lost body is a miss, drawn and stored again
    assert status(client, url) == "HIT"


# --- Tracking parameters ----------------------------------------------------------------------


def test_a_shared_link_with_tracking_parameters_is_the_clean_page_from_the_same_entry(client):
    url = make_article(title="Shared widely").get_absolute_url()
    clean = client.get(url)
    tracked = client.get(url + "?utm_source=x&utm_medium=social&fbclid=y&gclid=z&_ga=1")

    assert tracked["X-Cache"] == "HIT"
    assert tracked.content == clean.content
    assert tracked["ETag"] == clean["ETag"]
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in tracked.content.decode()
    # A parameter that does change the page still keeps its meaning.
    assert status(client, "/?page=1&utm_campaign=spring") in ("MISS", "HIT")
    assert status(client, "/?page=1&utm_campaign=autumn") == "HIT"


def test_made_up_parameters_never_create_cache_entries(client):
    article = make_article(comments_enabled=True)
    comment = make_comment(article=article)
    url = article.get_absolute_url()
    client.get(url)
    for value in (comment.pk, 999999, "abc"):
        assert status(client, url, data={"replyto": value}) == "BYPASS"
    for value in ("01", "1.0", "99999999", "-1"):
        assert status(client, "/", data={"page": value}) == "BYPASS"
    assert status(client, "/", data={"page": "2"}) in ("NONE", "MISS")  # a 404: not stored


# --- Lost purge records -------------------------------------------------------------------------


def fill_past_eviction(entries: int) -> None:
    """Junk enough to make the cache drop entries of its own choosing."""
    for n in range(entries):
        cache.set(f"junk:{n}", "x" * 20_000, 3600)


def take_down_and_check(client, committed, django_capture_on_commit_callbacks, *, lose_records):
    article = make_article(title="Taken down later", comments_enabled=True)
    comment = make_comment(article=article, body="A comment to be removed")
    other = make_article(title="Stays up")
    url, kept = article.get_absolute_url(), other.get_absolute_url()
    client.get(url), client.get(kept)
    for _ in range(2):
        if status(client, url) == "HIT":
            break

    committed(comments_moderate, comments=[comment], status=Comment.Status.REMOVED)
    lose_records()
    assert "A comment to be removed" not in client.get(url).content.decode()

    committed(article_unpublish, article=Article.objects.get(pk=article.pk))
    lose_records()
    assert client.get(url).status_code == 404
    assert client.get("/").content.decode().count("Taken down later") == 0
    assert client.get(kept).status_code == 200


@pytest.fixture
def small_file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.LocalCache",
            "LOCATION": str(tmp_path / "cache"),
            # About a dozen pages: filling it drops the least recently stored entries.
            "SHARDS": 1,
            "OPTIONS": {"size_limit": 3_000_000, "cull_limit": 10},
        }
    }
    records_fill([ANY_KEY], now=0.0)


@pytest.mark.parametrize("round_", range(3))
def test_a_briefing_taken_down_stays_down_after_the_local_cache_evicted(
    client, committed, django_capture_on_commit_callbacks, small_file_cache, round_
):
    take_down_and_check(
        client,
        committed,
        django_capture_on_commit_callbacks,
        lose_records=lambda: fill_past_eviction(120),
    )


def test_a_briefing_taken_down_stays_down_when_exactly_its_purge_records_are_lost(
    client, committed, django_capture_on_commit_callbacks
):
    def lose_records():
        cache.delete_many([key for key in _all_keys() if key.startswith(RECORD_PREFIX)])

    take_down_and_check(
        client, committed, django_capture_on_commit_callbacks, lose_records=lose_records
    )


def _all_keys():
    """Purge-record keys that may exist: enough for the test's few objects."""
    names = ["nav", "sponsors", "list", "feeds", "tickers", ANY_KEY]
    for n in range(1, 2000):
        names += [f"article:{n}", f"thread:{n}", f"tag:{n}", f"section:{n}", f"byline:{n}"]
    return [RECORD_PREFIX + name for name in names]


@pytest.fixture(scope="module")
def small_redis(tmp_path_factory):
    """A real redis-server with 2 MB and allkeys-lru: it evicts whatever it likes."""
    folder = tmp_path_factory.mktemp("redis")
    with redis_server(folder) as (port, _):
        subprocess.run(
            ["redis-cli", "-p", str(port), "config", "set", "maxmemory", "2mb"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["redis-cli", "-p", str(port), "config", "set", "maxmemory-policy", "allkeys-lru"],
            check=True,
            capture_output=True,
        )
        yield port


@pytest.mark.parametrize("round_", range(3))
def test_a_briefing_taken_down_stays_down_after_redis_evicted(
    client, committed, django_capture_on_commit_callbacks, settings, small_redis, round_
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{small_redis}/0",
        }
    }
    cache.clear()
    records_fill([ANY_KEY], now=0.0)
    take_down_and_check(
        client,
        committed,
        django_capture_on_commit_callbacks,
        lose_records=lambda: fill_past_eviction(200),
    )


# --- Purges after commit: a reader in the window --------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("what", ["unpublish", "rename a section"])
def test_a_reader_during_the_editors_transaction_does_not_bring_the_old_page_back(client, what):
    records_fill([ANY_KEY], now=0.0)
    section = make_section(name="Old name")
    article = make_article(title="Briefing under edit", section=section)
    url = article.get_absolute_url()
    changed, committed = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                if what == "unpublish":
                    article_unpublish(article=Article.objects.get(pk=article.pk))
                else:
                    section.name = "New name"
                    section.save()
                changed.set()
                committed.wait(timeout=30)  # a reader comes in now, before the commit
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert changed.wait(timeout=30)
    during = client.get(url)  # another connection: sees the rows as they were
    committed.set()
    thread.join(timeout=30)

    assert during.status_code == 200 and "Old name" in during.content.decode()
    after = client.get(url)
    if what == "unpublish":
        assert after.status_code == 404
    else:
        assert "New name" in after.content.decode() and "Old name" not in after.content.decode()
