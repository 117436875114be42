"""Reading purge records in tests: when each key was last purged (core/purge.py)."""

from django.core.cache import cache

from core.purge import record_keys, records_from


def purged_at(keys) -> dict[str, float]:
    """`key -> time of its last purge`; keys never purged (or whose record was lost) are absent."""
    keys = list(keys)
    return records_from(cache.get_many(record_keys(keys)), keys)
