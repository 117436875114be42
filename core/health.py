import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("convergence.health")


@never_cache
@require_safe
def healthz(request):
    """`/healthz`: 200 when the database and the cache answer, 503 otherwise; no details leak."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
def readyz(request):
    """`/readyz`: 200 while this app server can serve readers, 503 otherwise. The database
    alone decides: with the cache down the site serves uncached pages, so a load balancer or
    Varnish (its backend probe) must keep sending traffic here. `/healthz` still tells an
    operator about the cache."""
    ok = _database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unavailable"},
        status=200 if ok else 503,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        logger.warning("healthz: database unavailable: %s", error)
        return False


def _cache_ok() -> bool:
    try:
        if hasattr(cache, "ping"):  # Redis (core/cache.py), whose other calls fail soft
            cache.ping()
            return True
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, 1, 10)
        ok = cache.get(key) == 1
        cache.delete(key)
        return ok
    except Exception as error:  # any failure of any backend means "not healthy", never a 500
        logger.warning("healthz: cache unavailable: %s", error)
        return False
