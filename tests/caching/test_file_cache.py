"""The local cache the processes of one machine share when there is no Redis (diskcache)."""

import multiprocessing

from core.cache import LocalCache


def make_cache(location) -> LocalCache:
    return LocalCache(str(location), {})


def count(location, times):
    cache = make_cache(location)
    for _ in range(times):
        cache.incr("hits")


def test_what_one_process_writes_another_reads(tmp_path):
    make_cache(tmp_path).set("page", {"body": b"<html>" * 50_000}, 60)
    assert make_cache(tmp_path).get("page") == {"body": b"<html>" * 50_000}


def test_two_workers_counting_at_once_lose_no_count(tmp_path):
    """The rate limits count with add/incr: Django's file cache reads then writes, and two
    workers counting at once lose counts; diskcache's are atomic."""
    make_cache(tmp_path).add("hits", 0, 60)
    workers = [multiprocessing.Process(target=count, args=(tmp_path, 500)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert make_cache(tmp_path).get("hits") == 1000


def test_touch_keeps_the_value(tmp_path):
    cache = make_cache(tmp_path)
    cache.set("key", [1, 2, 3], 1)
    assert cache.touch("key", 60)
    assert cache.get("key") == [1, 2, 3]
