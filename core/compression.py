"""Brotli or gzip for HTML, feeds and JSON, as the client accepts, under any server.

WhiteNoise serves static files already compressed; this handles what Django renders.

BREACH: an attacker who can make a victim's browser request a page many times, inject text
into it and watch the compressed length can recover a secret from that page. Public pages
hold no secret at all (they are the same for every anonymous reader, without a CSRF token);
the admin's CSRF token is masked afresh on every response, so it never repeats; a session id
is never in a body. So every text response is compressed; gzip bodies also carry Django's
random-length filler, which costs a few bytes and blurs lengths further.
"""

import re

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

try:
    import brotli
except ImportError:  # whitenoise[brotli] installs it; gzip alone still works without
    brotli = None

COMPRESSIBLE = re.compile(r"^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript))")
MIN_LENGTH = 200
BROTLI_QUALITY = 5  # past 5 the bytes saved stop paying for the time (bench/run.py)


def preferred_coding(request) -> str | None:
    """`br` or `gzip`, whichever the client accepts (Brotli first), or None."""
    codings = accepted(request.headers.get("Accept-Encoding", ""))
    if brotli is not None and "br" in codings:
        return "br"
    return "gzip" if "gzip" in codings else None


def compress(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return compress_string(body, max_random_bytes=100)


def mark_compressed(response, body: bytes, coding: str) -> None:
    response.content = body
    response["Content-Length"] = str(len(body))
    response["Content-Encoding"] = coding
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        # A different byte sequence: RFC 9110 says a strong ETag must change; weak is right.
        response["ETag"] = "W/" + etag


def accepted(header: str) -> set[str]:
    """Codings the client accepts (q above zero)."""
    codings = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        if coding and (not params or quality not in {"0", "0.0", "0.00", "0.000"}):
            codings.add(coding.strip().lower())
    return codings


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Encoding"])
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or len(response.content) < MIN_LENGTH
            or not COMPRESSIBLE.match(response.get("Content-Type", ""))
        ):
            return response
        coding = preferred_coding(request)
        if coding is None:
            return response
        body = compress(response.content, coding)
        if len(body) < len(response.content):
            mark_compressed(response, body, coding)
        return response
