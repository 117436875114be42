"""Background tasks every app shares, and the one retry rule for work that talks to the outside.

`retry_later()` is how a task that failed on an outside service (SMTP, an HTTP cache) tries
again: it enqueues the task once more after a backoff that doubles each time (TASK_RETRY_SECONDS,
2×, 4×, …), at most TASK_RETRY_ATTEMPTS times in all, and logs every failure; the last one is
logged as an error saying what is given up.
"""

import logging
from datetime import timedelta

import httpx
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.mail import is_permanent

logger = logging.getLogger("convergence.tasks")

# Varnish's xkey vmod reads space-separated keys; long lists are sent in several requests.
KEYS_PER_REQUEST = 50


def retry_later(
    failed_task, *, attempt: int, error: Exception, what: str, giving_up: str, **kwargs
) -> bool:
    """Enqueue `failed_task(attempt=attempt + 1, **kwargs)` after a backoff; False (and an
    error in the log, ending with `giving_up`) when this was the last attempt, or when the
    other side refused for good (a 5xx SMTP answer: asking again gets the same)."""
    if is_permanent(error):
        logger.error("%s was refused, giving up (%s): %s", what, giving_up, error)
        return False
    if attempt >= settings.TASK_RETRY_ATTEMPTS:
        logger.error("%s failed %d times, giving up (%s): %s", what, attempt, giving_up, error)
        return False
    delay = settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)
    logger.warning("%s failed (attempt %d), trying again in %d s: %s", what, attempt, delay, error)
    failed_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        attempt=attempt + 1, **kwargs
    )
    return True


@task()
def http_caches_purge(*, keys: list[str], attempt: int = 1) -> int:
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
        # Purging again is harmless: every cache is asked again, the ones that answered too.
        retry_later(
            http_caches_purge,
            attempt=attempt,
            error=RuntimeError("; ".join(failures)),
            what=f"HTTP cache purge of {' '.join(keys)[:200]}",
            giving_up="those pages expire by their own lifetime (s-maxage)",
            keys=keys,
        )
    return purged
