"""One log line per request, with an id that is also sent back in `X-Request-ID`.

An id arriving from the proxy in front (Varnish or nginx set `X-Request-ID`) is kept when it
looks like one, so a request can be followed from the cache to the app; otherwise a new one.
"""

import logging
import re
import time
import uuid

logger = logging.getLogger("convergence.request")

INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{6,64}$")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        logger.info(
            "%s %s %s %.1fms cache=%s id=%s",
            request.method,
            request.get_full_path()[:300],
            response.status_code,
            (time.perf_counter() - started) * 1000,
            getattr(request, "page_cache", "-"),
            request.id,
        )
        return response
