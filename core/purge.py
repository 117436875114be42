"""Exact invalidation by surrogate key: `purge("article:12", "list")`.

Every cacheable page lists the keys of what it shows (`config/pagecache.py` sends them as the
`xkey` header too). `purge()` is the one public entry point: call it with the keys of what
changed, inside or outside a transaction. Once the transaction commits it

- records the purge time of each key in the shared cache, so the page cache serves no entry
  rendered before that moment (every process at once: they share the cache), and
- queues one task that sends `PURGE` with an `xkey` header to each HTTP cache in
  `HTTP_CACHE_PURGE_URLS` (Varnish), so no request ever waits on an HTTP cache.

Keys in use: `article:<id>` (its page, and every list showing its card), `thread:<id>` (its
comments alone), `list` (home, archive, coin pages), `feeds` (feeds and sitemap),
`tag:<id>`, `section:<id>`, `author:<user id>`, `coin:<SYMBOL>`, `coins` (every coin page),
`tickers` (the price strip fragment), `nav` (every HTML page: the section navigation),
`sponsors` (every HTML page).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.tasks import http_caches_purge

logger = logging.getLogger("convergence.cache")

PURGED_PREFIX = "purged:"


def purge(*keys: str) -> None:
    """Invalidate every cached page showing one of `keys`, once the transaction commits."""
    keys = tuple(dict.fromkeys(key for key in keys if key))
    if keys:
        transaction.on_commit(lambda: _purge_now(keys))


def purged_at(keys) -> dict[str, float]:
    """When each key was last purged (keys never purged are absent)."""
    found = cache.get_many([PURGED_PREFIX + key for key in keys])
    return {key[len(PURGED_PREFIX) :]: value for key, value in found.items()}


def _purge_now(keys: tuple[str, ...]) -> None:
    now = time.time()
    # A record must outlive every page entry that could predate it; after that it is moot.
    lifetime = settings.PAGE_CACHE_SECONDS + 60
    cache.set_many({PURGED_PREFIX + key: now for key in keys}, lifetime)
    logger.info("purge %s", " ".join(keys))
    if settings.HTTP_CACHE_PURGE_URLS:
        http_caches_purge.enqueue(keys=list(keys))
