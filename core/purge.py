"""Exact invalidation by surrogate key: `purge("article:12", "list")`.

Every cacheable page lists the keys of what it shows (`core/pagecache.py` sends them as the
`xkey` header too); each app says which keys its own changes purge (`<app>/signals.py`).
`purge()` is the one public entry point: call it with the keys of what changed, inside or
outside a transaction. Once the transaction commits (never before: a reader in between would
store the old rows again) it

- writes a purge record per key in the shared cache: the time of the purge. A page is served
  from the page cache only while every one of its keys has a record older than the page. A
  record that is missing (evicted, culled, never written because the cache was down) makes
  the page a miss, never a hit;
- queues one task that sends `PURGE` with an `xkey` header to each HTTP cache in
  `HTTP_CACHE_PURGE_URLS` (Varnish), retried with backoff (`core/tasks.py`).

Keys in use: `article:<id>` (its page, and every list showing its card), `thread:<id>` (its
comments alone), `list` (home, archive, coin pages), `feeds` (feeds and sitemap),
`tag:<id>`, `section:<id>`, `author:<user id>`, `coin:<SYMBOL>`, `coins` (every coin page),
`tickers` (the price strip), `nav` (every HTML page: the section navigation),
`sponsors` (every HTML page).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from core.tasks import http_caches_purge, retry_later

logger = logging.getLogger("convergence.cache")

RECORD_PREFIX = "purged:"
# Every purge also stamps this key: its record is the time of the last purge of anything.
ANY_KEY = "*"
# Long, so that a record outlives the pages that rely on it; a key nobody shows any more
# is then forgotten. A record gone early costs one render, never a stale page.
RECORD_SECONDS = 30 * 24 * 3600


def purge(*keys: str) -> None:
    """Invalidate every cached page showing one of `keys`, once the transaction commits."""
    keys = tuple(dict.fromkeys(key for key in keys if key))
    if keys:
        transaction.on_commit(lambda: _purge_now(keys))


def record_keys(keys) -> list[str]:
    """The cache keys of the purge records of `keys` (for a caller's own `get_many`)."""
    return [RECORD_PREFIX + key for key in keys]


def records_from(found: dict, keys) -> dict[str, float]:
    """`key -> time of its last purge`, from a `get_many` that included `record_keys(keys)`;
    keys without a record are absent."""
    return {
        key: found[RECORD_PREFIX + key]
        for key in keys
        if found.get(RECORD_PREFIX + key) is not None
    }


def records_fill(keys, *, now: float) -> None:
    cache.set_many({RECORD_PREFIX + key: now for key in keys}, RECORD_SECONDS)


def records_complete(found: dict, keys, *, started: float, skew: float) -> bool:
    """After a render that began at `started`, give the keys without a record one (read with
    `record_keys([*keys, ANY_KEY])`). True when the render can be trusted: no purge at all
    since it began, so the lost records hold nothing newer than the last purge before it.
    Otherwise they are dated now, and what was drawn counts as stale."""
    records = records_from(found, [*keys, ANY_KEY])
    missing = [key for key in keys if key not in records]
    last = records.get(ANY_KEY)
    if not missing:
        return True
    if last is not None and last + skew < started:
        records_fill(missing, now=last)
        return True
    # Dating the last purge of anything now is never too early: later renders can use it.
    records_fill([*missing, *([] if last is not None else [ANY_KEY])], now=time.time())
    return False


def _records_written(keys) -> bool:
    """Write the records of `keys`, and read one back: a cache that fails soft (Redis away)
    drops writes silently, and a purge it dropped would leave the pages it keeps for later."""
    now = time.time()
    records_fill([*keys, ANY_KEY], now=now)
    return cache.get(RECORD_PREFIX + ANY_KEY) == now


def _purge_now(keys: tuple[str, ...]) -> None:
    logger.info("purge %s", " ".join(keys))
    if not _records_written(keys):
        purge_records_write.enqueue(keys=list(keys))
    if settings.HTTP_CACHE_PURGE_URLS:
        http_caches_purge.enqueue(keys=list(keys))


@task()
def purge_records_write(*, keys: list[str], attempt: int = 1) -> None:
    """The purge records a failing cache dropped, written again once it answers."""
    if not _records_written(keys):
        retry_later(
            purge_records_write,
            attempt=attempt,
            error=RuntimeError("the cache did not keep the purge records"),
            what=f"Page cache purge of {' '.join(keys)[:200]}",
            giving_up="pages it kept expire by their own lifetime",
            keys=keys,
        )
