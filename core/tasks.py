import logging

import httpx
from django.conf import settings
from django_tasks import task

logger = logging.getLogger("convergence.cache")

# Varnish's xkey vmod reads space-separated keys; long lists are sent in several requests.
KEYS_PER_REQUEST = 50


@task()
def http_caches_purge(*, keys: list[str]) -> int:
    """Send `PURGE` with an `xkey` header to every HTTP cache in HTTP_CACHE_PURGE_URLS."""
    purged = 0
    failures = []
    with httpx.Client(timeout=settings.HTTP_CACHE_PURGE_TIMEOUT) as client:
        for url in settings.HTTP_CACHE_PURGE_URLS:
            for start in range(0, len(keys), KEYS_PER_REQUEST):
                batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
                try:
                    response = client.request("PURGE", url, headers={"xkey": batch})
                    response.raise_for_status()
                except httpx.HTTPError as error:
                    failures.append(f"{url}: {error}")
                else:
                    purged += int(response.headers.get("X-Purged", 0) or 0)
    if failures:
        # Raising marks the task failed in the admin, where an operator sees it.
        raise RuntimeError("HTTP cache purge failed: " + "; ".join(failures))
    return purged
