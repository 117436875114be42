"""The shared cache: Redis that fails soft, or diskcache every process of one machine shares.

Redis: every operation that cannot reach Redis behaves as a miss (reads return the default,
writes are dropped) and logs one warning; the backend then leaves Redis alone for a few seconds
instead of paying a failed connection on every call. `/healthz` uses `ping()`, which does raise.
"""

import logging
import time

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("convergence.cache")

RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A dead or unreachable Redis must cost milliseconds, not the kernel's TCP timeout.
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._down_until = 0.0

    def _safely(self, call, default):
        if time.monotonic() < self._down_until:
            return default
        try:
            return call()
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("cache unavailable, serving uncached: %s", error)
            return default

    def get(self, key, default=None, version=None):
        return self._safely(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._safely(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), []
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._safely(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._safely(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def has_key(self, key, version=None):
        return self._safely(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def clear(self):
        return self._safely(lambda: super(ResilientRedisCache, self).clear(), False)

    def incr(self, key, delta=1, version=None):
        # The rate limiter counts with incr; with Redis away nobody is limited, nobody gets a 500.
        result = self._safely(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), None
        )
        if result is None:
            raise ValueError("cache unavailable")
        return result

    def ping(self) -> None:
        """Raise unless Redis answers now (for /healthz)."""
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0


class LocalCache(DjangoCache):
    """diskcache's DjangoCache, the cache the processes of one machine share without Redis:
    atomic add/incr, least recently stored entries dropped past its size limit. Its SQLite
    connections are kept across requests (Django closes caches after each one; reopening
    eight shards cost more than the hit itself)."""

    def close(self, **kwargs):
        pass
