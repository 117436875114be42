"""The shared cache: Redis that fails soft, so the site serves (slower, uncached) when it is down.

Every operation that cannot reach Redis behaves as a miss (reads return the default, writes are
dropped) and logs one warning; the backend then leaves Redis alone for a few seconds instead of
paying a failed connection on every call. `/healthz` uses `ping()`, which does raise.
"""

import logging
import time

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

    def _guarded(name, default=None):  # noqa: N805 - a decorator factory used in the class body
        def method(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return default(args, kwargs) if callable(default) else default
            try:
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except RedisError as error:
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning("cache unavailable, serving uncached: %s", error)
                return default(args, kwargs) if callable(default) else default

        method.__name__ = name
        return method

    get = _guarded("get", lambda args, kwargs: args[1] if len(args) > 1 else kwargs.get("default"))
    get_many = _guarded("get_many", lambda args, kwargs: {})
    set = _guarded("set")
    set_many = _guarded("set_many", lambda args, kwargs: [])
    add = _guarded("add", False)
    touch = _guarded("touch", False)
    delete = _guarded("delete", False)
    delete_many = _guarded("delete_many")
    has_key = _guarded("has_key", False)
    clear = _guarded("clear")
    del _guarded

    def incr(self, key, delta=1, version=None):
        # The rate limiter counts with incr; with Redis away nobody is limited, nobody gets a 500.
        if time.monotonic() < self._down_until:
            raise ValueError("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("cache unavailable, serving uncached: %s", error)
            raise ValueError("cache unavailable") from error

    def ping(self) -> None:
        """Raise unless Redis answers now (for /healthz)."""
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0
