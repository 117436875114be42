"""Anonymous readers' pages from the shared cache, purged exactly, with the live price strip.

A page is stored once per URL for everyone who carries nothing personal, with the surrogate
keys of what it shows (`core/purge.py`) and the time its rendering started. It is served
again while none of its keys was purged after that time and its lifetime, which never reaches
past the next scheduled briefing, lasts. Requests that carry a session, flash messages, or a
commenter's or subscriber's cookie always reach the view, and so does every request for a page
that is not on the list below.

The price strip is not part of the stored page: a placeholder stands where `base.html` marks
it, and every response gets the current strip spliced in (or, for Varnish, an ESI include of
`/esi/ticker/`). A price refresh therefore purges no page, and no page shows older prices than
the one before it.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from core.compression import compress, mark_compressed, preferred_coding
from core.purge import purged_at

logger = logging.getLogger("convergence.cache")

CACHEABLE_VIEWS = {
    "articles:list",
    "articles:detail",
    "articles:tag",
    "articles:section",
    "articles:archive",
    "articles:archive_month",
    "articles:author",
    "articles:feed",
    "articles:atom",
    "articles:tag_feed",
    "articles:section_feed",
    "tickers:detail",
    "sitemap",
}
FEED_VIEWS = {
    "articles:feed",
    "articles:atom",
    "articles:tag_feed",
    "articles:section_feed",
    "sitemap",
}
LIST_VIEWS = {"articles:list", "articles:archive", "articles:archive_month", "tickers:detail"}
# Any other query parameter (a tracking tag, a cache-buster) gets the page uncached.
CACHED_PARAMETERS = {"page", "replyto"}
# The session (a signed-in editor or moderator), flash messages (Django's cookie storage
# names its cookie "messages"), and commenters' and subscribers' own cookies.
BYPASS_COOKIES = {"messages"}
BYPASS_COOKIE_PREFIXES = ("comments_", "newsletter_")
STORED_HEADERS_SKIPPED = {"content-length", "set-cookie", "date", "x-request-id"}

STRIP_START, STRIP_END = b"<!--ticker-->", b"<!--/ticker-->"
STRIP_PLACEHOLDER = b"<!--ticker-strip-->"
ESI_STRIP = b'<esi:include src="/esi/ticker/"/>'
# Purges are stamped with one machine's clock and renders with another's: a page rendered
# this close to a purge of one of its keys is not trusted (rendered again, not served).
CLOCK_SKEW_SECONDS = 1.0
NEXT_CHANGE_KEY = "pagecache:next-change"


def bypasses_cache(request) -> bool:
    """True when the request carries something personal: it must reach the view."""
    for name in request.COOKIES:
        if name == settings.SESSION_COOKIE_NAME or name in BYPASS_COOKIES:
            return True
        if name.startswith(BYPASS_COOKIE_PREFIXES):
            return True
    return False


def view_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = view_name(request) if request.method in ("GET", "HEAD") else None
        if name not in CACHEABLE_VIEWS:
            return self.get_response(request)
        if bypasses_cache(request) or not set(request.GET) <= CACHED_PARAMETERS:
            request.page_cache = "bypass"
            response = self.get_response(request)
            if response.status_code == 200:
                # The same URL is public for others: no shared cache may keep this copy.
                patch_cache_control(response, private=True, no_cache=True)
            response["X-Cache"] = "BYPASS"
            return response
        if settings.PAGE_CACHE_SECONDS <= 0:
            request.page_cache = "off"
            return self.get_response(request)

        key = "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        entry = cache.get(key)
        if entry is not None and _is_fresh(entry):
            request.page_cache = "hit"
            return _respond(request, entry)

        request.page_cache = "miss"
        started = time.time()
        response = self.get_response(request)
        entry = _entry_for(request, response, name=name, started=started)
        if entry is None:
            return response
        if entry["expires"] > time.time():
            cache.set(key, entry, int(entry["expires"] - time.time()) + 1)
        return _respond(request, entry)


def _is_fresh(entry) -> bool:
    if entry["expires"] <= time.time():
        return False
    stamps = purged_at(entry["keys"])
    return all(stamp + CLOCK_SKEW_SECONDS < entry["rendered_at"] for stamp in stamps.values())


def _entry_for(request, response, *, name, started):
    """What to store of a response, or None when it must not be stored."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return None
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= {"cookie", "accept-encoding"}:
        return None
    body = response.content
    start, end = body.find(STRIP_START), body.find(STRIP_END)
    if start != -1 and end > start:
        body = body[:start] + STRIP_PLACEHOLDER + body[end + len(STRIP_END) :]
    headers = [
        (header, value)
        for header, value in response.items()
        if header.lower() not in STORED_HEADERS_SKIPPED
    ]
    return {
        "body": body,
        "status": response.status_code,
        "headers": headers,
        "keys": surrogate_keys(name, response),
        "rendered_at": started,
        "expires": started + lifetime(now=started),
        "etag": hashlib.sha256(body).hexdigest()[:24],
    }


def _respond(request, entry):
    body = entry["body"]
    strip_etag = ""
    last_modified = entry["rendered_at"]
    if STRIP_PLACEHOLDER in body:
        if "ESI/1.0" in request.headers.get("Surrogate-Capability", ""):
            body = body.replace(STRIP_PLACEHOLDER, ESI_STRIP, 1)
            strip_etag = "esi"
        else:
            strip, strip_etag, as_of = ticker_fragment()
            body = body.replace(STRIP_PLACEHOLDER, strip, 1)
            if as_of:
                last_modified = max(last_modified, as_of)
    response = HttpResponse(body, status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    response["Content-Length"] = str(len(body))
    if strip_etag == "esi":
        response["Surrogate-Control"] = 'content="ESI/1.0"'
        # How long a copy put together with the strip may be kept (deploy/varnish/default.vcl).
        response["X-Strip-Max-Age"] = str(settings.TICKER_JSON_MAX_AGE)
    remaining = max(int(entry["expires"] - time.time()), 0)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={remaining}"
    response["xkey"] = " ".join(entry["keys"])
    response["ETag"] = f'"{entry["etag"]}{strip_etag}"'
    response["Last-Modified"] = http_date(int(last_modified))
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Cache"] = request.page_cache.upper()
    response = get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=int(last_modified),
        response=response,
    )
    coding = preferred_coding(request)
    if response.status_code == 200 and coding:
        mark_compressed(response, _compressed(response["ETag"], coding, body), coding)
    return response


# The same page with the same strip compresses to the same bytes: each process keeps the most
# recent few, so a hit is not compressed again (2-3 ms for a 250 KB page with Brotli).
_compressed_pages: OrderedDict[tuple[str, str], bytes] = OrderedDict()
COMPRESSED_PAGES_KEPT = 64


def _compressed(etag: str, coding: str, body: bytes) -> bytes:
    key = (etag, coding)
    data = _compressed_pages.get(key)
    if data is None:
        data = _compressed_pages[key] = compress(body, coding)
        if len(_compressed_pages) > COMPRESSED_PAGES_KEPT:
            _compressed_pages.popitem(last=False)
    else:
        _compressed_pages.move_to_end(key)
    return data


def lifetime(*, now: float) -> int:
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short by the next scheduled change."""
    seconds = settings.PAGE_CACHE_SECONDS
    next_change = next_scheduled_change(now=now)
    if next_change is not None:
        seconds = min(seconds, max(int(next_change - now), 0))
    return seconds


def next_scheduled_change(*, now: float) -> float | None:
    """When a page may next change with no edit to purge it (a timestamp), kept in the shared
    cache: a scheduled briefing going live, or a sponsor placement starting or ending."""
    from articles.models import Article
    from sponsors.selectors import next_change_at

    stamp = cache.get(NEXT_CHANGE_KEY)
    if stamp is None or (stamp and stamp <= now):
        moment = datetime.fromtimestamp(now, tz=UTC)
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=moment)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        changes = [when for when in (upcoming, next_change_at(moment)) if when is not None]
        stamp = min(changes).timestamp() if changes else 0
        cache.set(NEXT_CHANGE_KEY, stamp, settings.PAGE_CACHE_SECONDS)
    return stamp or None


def forget_next_scheduled_change() -> None:
    cache.delete(NEXT_CHANGE_KEY)


# --- Surrogate keys ----------------------------------------------------------------------


def surrogate_keys(name: str, response) -> list[str]:
    """The keys of everything a page shows, read from what its view rendered (no query)."""
    if name in FEED_VIEWS:
        return ["feeds"]
    keys = ["nav", "sponsors"]
    if name in LIST_VIEWS:
        keys.append("list")
    context = getattr(response, "context_data", None) or {}
    if name == "articles:detail":
        keys.append(f"thread:{context['object'].pk}")  # the comments alone
    for value in context.values():
        for item in _loaded_items(value):
            keys.extend(_keys_of(item))
    return list(dict.fromkeys(keys))


def _loaded_items(value):
    """Model instances in a context value, without evaluating anything not yet loaded."""
    if isinstance(value, Page):
        value = value.object_list
    if isinstance(value, QuerySet):
        value = value._result_cache or []
    if isinstance(value, Model):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, Model)]
    return []


def _keys_of(item: Model) -> list[str]:
    from taggit.models import Tag

    from articles.models import Article, Section
    from tickers.models import Coin

    if isinstance(item, Article):
        tags = getattr(item, "_prefetched_objects_cache", {}).get("tags", [])
        return [f"article:{item.pk}", *(f"tag:{tag.pk}" for tag in tags)]
    if isinstance(item, Tag):
        return [f"tag:{item.pk}"]
    if isinstance(item, Section):
        return [f"section:{item.pk}"]
    if isinstance(item, Coin):
        return [f"coin:{item.symbol}", "coins"]
    if item._meta.label == settings.AUTH_USER_MODEL:
        return [f"author:{item.pk}"]
    return []


# --- The price strip ---------------------------------------------------------------------

_rendered_strips: dict[str, bytes] = {}


def ticker_fragment() -> tuple[bytes, str, float | None]:
    """The strip's HTML as of now, a short tag for ETags, and its quotes' time.

    The rows and the strip's sponsor link come from the shared cache; rendering is a pure
    function of them, so each process keeps the last few it rendered.
    """
    from sponsors.selectors import placement_for
    from tickers.selectors import ticker_strip

    strip = ticker_strip()
    sponsor = placement_for("ticker", day=timezone.localdate())
    sponsor_version = sponsor and (sponsor.pk, sponsor.updated_at)
    fingerprint = hashlib.sha256(
        repr((strip["rows"], strip["stale"], sponsor_version)).encode(), usedforsecurity=False
    ).hexdigest()[:12]
    html = _rendered_strips.get(fingerprint)
    if html is None:
        html = render_to_string("tickers/ticker.html", strip).encode()
        if len(_rendered_strips) > 8:
            _rendered_strips.clear()
        _rendered_strips[fingerprint] = html
    as_of = strip["as_of"].timestamp() if strip["as_of"] else None
    return html, fingerprint, as_of


def ticker_esi(request):
    """`/esi/ticker/`: the strip alone, for Varnish to include in the pages it caches."""
    html, fingerprint, _ = ticker_fragment()
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.TICKER_JSON_MAX_AGE}"
    response["xkey"] = "tickers sponsors"  # its sponsor link too
    response["ETag"] = f'"{fingerprint}"'
    return response
