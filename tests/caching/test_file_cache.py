"""The file cache the processes of one machine share when there is no Redis."""

from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache

from core.cache import SharedFileCache


def make_cache(tmp_path: Path) -> SharedFileCache:
    return SharedFileCache(str(tmp_path), {})


def test_what_one_process_writes_another_reads(tmp_path):
    make_cache(tmp_path).set("page", {"body": b"<html>" * 1000}, 60)
    assert make_cache(tmp_path).get("page") == {"body": b"<html>" * 1000}


def test_a_file_written_by_djangos_own_file_cache_is_a_miss_and_is_dropped(tmp_path):
    FileBasedCache(str(tmp_path), {}).set("page", "compressed with zlib", 60)
    cache = make_cache(tmp_path)

    assert cache.get("page", "default") == "default"
    assert not Path(cache._key_to_file("page")).exists()


def test_touch_keeps_the_value(tmp_path):
    cache = make_cache(tmp_path)
    cache.set("key", [1, 2, 3], 1)
    assert cache.touch("key", 60)
    assert cache.get("key") == [1, 2, 3]
