"""Anonymous readers' pages from the shared cache, purged exactly, with live fragments spliced in.

A page is stored once per URL for everyone who carries nothing personal, with the surrogate
keys of what it shows (`core/purge.py`) and the time its rendering started. A hit costs two
cache reads: the page, then in one `get_many` the purge records of its keys and the fragments
it splices in. The page's body is stored apart, under its digest (the ETag it carries), and
read in that `get_many` only by a process that has not kept it: each keeps the bodies it
served last, so a long thread's 250 KB cross from the shared cache once per process, not on
every hit. A page is served while every key has a record older than the page and its
lifetime, which never reaches past the next scheduled change, lasts. Requests that carry a
session, flash messages, or a commenter's or subscriber's cookie always reach the view, and so
does every request for a view no app registered, or with a query parameter the cache does not
know. Tracking parameters (`utm_*`, `fbclid`, ...) are dropped before anything else: such a
link is the same page as the clean one, from the same entry.

This module knows no app. Each app, in its `AppConfig.ready()`, says what is cacheable and
what a page shows:

- `pages_cacheable(*view_names, keys=(), html=True)`: views whose anonymous GETs may be
  stored, and keys all their pages carry;
- `keys_everywhere(*keys)`: keys every HTML page carries (its navigation, its sponsor slots);
- `model_keys(model, function)`: the keys of an instance a view put in its context;
- `context_keys(view_name, function)`: more keys of one view, from its context;
- `scheduled_change(function)`: when a page may next change with no edit to purge it;
- `fragment(Fragment(...))`: a part of every page that changes on its own (the price strip),
  kept out of the stored page and spliced into each response, or included by Varnish (ESI).
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from core.compression import compress, mark_compressed, preferred_coding
from core.purge import ANY_KEY, record_keys, records_complete, records_from

logger = logging.getLogger("convergence.cache")

# Purges are stamped with one machine's clock and renders with another's: a page rendered this
# close to a purge of one of its keys is not trusted (rendered again, not served).
CLOCK_SKEW_SECONDS = 1.0


@dataclass(frozen=True)
class Fragment:
    """A part of every HTML page that changes on its own. Templates mark it with
    `<!--name-->...<!--/name-->`; `render()` returns its HTML and the time of its data."""

    name: str
    render: Callable[[], tuple[bytes, float | None]]
    keys: tuple[str, ...]  # what purges it (besides the keys every HTML page carries)
    esi_url: str  # where Varnish fetches it alone
    seconds: int  # kept at most this long (its data may turn stale with no purge)

    @property
    def start(self) -> bytes:
        return f"<!--{self.name}-->".encode()

    @property
    def end(self) -> bytes:
        return f"<!--/{self.name}-->".encode()

    @property
    def placeholder(self) -> bytes:
        return f"<!--{self.name}-fragment-->".encode()

    @property
    def cache_key(self) -> str:
        return f"fragment:{self.name}"


# --- What the apps register (in their ready()) ----------------------------------------------

_html_views: set[str] = set()
_feed_views: set[str] = set()
_view_keys: dict[str, tuple[str, ...]] = {}
_everywhere: list[str] = []
_model_keys: dict[type, Callable[[Model], Iterable[str]]] = {}
_context_keys: dict[str, list[Callable[[dict], Iterable[str]]]] = {}
_scheduled: list[Callable[[datetime], datetime | None]] = []
_fragments: dict[str, Fragment] = {}


def pages_cacheable(*view_names: str, keys: Iterable[str] = (), html: bool = True) -> None:
    """Views (by URL name) whose anonymous GETs are stored, with `keys` on each of their
    pages. Non-HTML views (feeds, sitemap) carry the key `feeds` and no fragment."""
    (_html_views if html else _feed_views).update(view_names)
    for name in view_names:
        _view_keys[name] = (*_view_keys.get(name, ()), *keys)


def keys_everywhere(*keys: str) -> None:
    _everywhere.extend(key for key in keys if key not in _everywhere)


def model_keys(model: type, function: Callable[[Model], Iterable[str]]) -> None:
    _model_keys[model] = function


def context_keys(view_name: str, function: Callable[[dict], Iterable[str]]) -> None:
    _context_keys.setdefault(view_name, []).append(function)


def scheduled_change(function: Callable[[datetime], datetime | None]) -> None:
    """`function(now)` answers when a page may next change with nothing purged, or None."""
    _scheduled.append(function)


def fragment(item: Fragment) -> None:
    _fragments[item.name] = item


# --- The middleware -------------------------------------------------------------------------

# Query parameters the cache keeps in its key: a list page's number, written canonically (so
# `?page=01` cannot make a second copy). Any other parameter sends the request to the view.
CACHED_PARAMETERS = {"page": re.compile(r"[1-9][0-9]{0,5}")}
# Campaign tags that do not change the page: dropped before the view and the key.
TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga"}
TRACKING_PREFIXES = ("utm_",)
# The session (a signed-in editor or moderator), flash messages (Django's cookie storage
# names its cookie "messages"), and commenters' and subscribers' own cookies.
BYPASS_COOKIES = {"messages"}
BYPASS_COOKIE_PREFIXES = ("comments_", "newsletter_")
STORED_HEADERS_SKIPPED = {"content-length", "set-cookie", "date", "x-request-id"}
NEXT_CHANGE_KEY = "pagecache:next-change"


def is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


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


def _drop_tracking(request) -> None:
    if not any(is_tracking(name) for name in request.GET):
        return
    clean = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if not is_tracking(name):
            clean.setlist(name, values)
    request.META["QUERY_STRING"] = clean.urlencode()
    clean._mutable = False
    request.GET = clean


def _cached_query(query) -> bool:
    return all(
        name in CACHED_PARAMETERS
        and len(values) == 1
        and CACHED_PARAMETERS[name].fullmatch(values[0])
        for name, values in query.lists()
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = view_name(request) if request.method in ("GET", "HEAD") else None
        if name not in _html_views and name not in _feed_views:
            return self.get_response(request)
        _drop_tracking(request)
        if bypasses_cache(request) or not _cached_query(request.GET):
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
        if entry is not None and entry["expires"] > time.time():
            body_key = _body_key(entry["etag"])
            body = _bodies.get(body_key)
            reads = _reads_for(entry)
            found = cache.get_many(reads if body is not None else [*reads, body_key])
            body = body if body is not None else found.get(body_key)
            if body is not None and _is_fresh(entry, found):
                _bodies.put(body_key, body)
                request.page_cache = "hit"
                return _respond(request, entry, body, found)

        request.page_cache = "miss"
        started = time.time()
        response = self.get_response(request)
        entry = _entry_for(request, response, name=name, started=started)
        if entry is None:
            return response
        drawn, body = entry.pop("drawn"), entry.pop("body")
        found = cache.get_many([*_reads_for(entry), *record_keys([ANY_KEY])])
        if not records_complete(found, entry["keys"], started=started, skew=CLOCK_SKEW_SECONDS):
            # A record was lost and something was purged meanwhile: what this render read
            # cannot be trusted against a purge nobody can see any more.
            entry["rendered_at"] = -1.0
        if entry["expires"] > time.time():
            seconds = int(entry["expires"] - time.time()) + 1
            cache.set_many({key: entry, _body_key(entry["etag"]): body}, seconds)
            _bodies.put(_body_key(entry["etag"]), body)
        return _respond(request, entry, body, found, drawn=drawn, drawn_at=started)


def _body_key(etag: str) -> str:
    return "page-body:" + etag


def _page_fragments(entry) -> list[Fragment]:
    return [item for name, item in _fragments.items() if name in entry["fragments"]]


def _fragment_keys(item: Fragment) -> list[str]:
    return [*item.keys, *_everywhere]


def _reads_for(entry) -> list[str]:
    """Everything a hit needs besides the page itself, for one `get_many`."""
    keys = list(entry["keys"])
    reads = []
    for item in _page_fragments(entry):
        keys.extend(_fragment_keys(item))
        reads.append(item.cache_key)
    return [*record_keys(dict.fromkeys(keys)), *reads]


def _trusted(keys, rendered_at: float, found: dict) -> bool:
    records = records_from(found, keys)
    skew = CLOCK_SKEW_SECONDS
    return len(records) == len(keys) and all(
        stamp + skew < rendered_at for stamp in records.values()
    )


def _is_fresh(entry, found) -> bool:
    return entry["expires"] > time.time() and _trusted(entry["keys"], entry["rendered_at"], found)


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
    fragments = {}
    for item in _fragments.values():
        start, end = body.find(item.start), body.find(item.end)
        if start != -1 and end > start:
            fragments[item.name] = body[start + len(item.start) : end]
            body = body[:start] + item.placeholder + body[end + len(item.end) :]
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
        "fragments": list(fragments),
        "drawn": fragments,  # as this render drew them; not stored
        "rendered_at": started,
        "expires": started + lifetime(now=started),
        "etag": hashlib.sha256(body).hexdigest()[:24],
    }


def _respond(request, entry, body: bytes, found, *, drawn=None, drawn_at=0.0):
    fragment_etag = ""
    last_modified = max(entry["rendered_at"], 0.0) or time.time()
    esi = "ESI/1.0" in request.headers.get("Surrogate-Capability", "")
    for item in _page_fragments(entry):
        if esi:
            body = body.replace(item.placeholder, f'<esi:include src="{item.esi_url}"/>'.encode())
            fragment_etag += "esi"
            continue
        part = fragment_current(item, found, drawn=(drawn or {}).get(item.name), drawn_at=drawn_at)
        body = body.replace(item.placeholder, part["html"], 1)
        fragment_etag += part["etag"]
        if part["as_of"]:
            last_modified = max(last_modified, part["as_of"])
    response = HttpResponse(body, status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    response["Content-Length"] = str(len(body))
    if esi and entry["fragments"]:
        response["Surrogate-Control"] = 'content="ESI/1.0"'
        # How long a copy put together with the fragments may be kept (deploy/varnish/default.vcl).
        seconds = min(_fragments[name].seconds for name in entry["fragments"])
        response["X-Strip-Max-Age"] = str(seconds)
    remaining = max(int(entry["expires"] - time.time()), 0)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={remaining}"
    response["xkey"] = " ".join(entry["keys"])
    response["ETag"] = f'"{entry["etag"]}{fragment_etag}"'
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


class _Recent:
    """The few values this process used last, by a key that names their content (a digest),
    so a value kept here is never out of date. Threads share it."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


# Page bodies, by _body_key(): reading 250 KB from the shared cache was a third of a hit.
_bodies = _Recent(32)
# The same page with the same fragments compresses to the same bytes: a hit is not compressed
# again (2-3 ms for a 250 KB page with Brotli).
_compressed_pages = _Recent(64)


def _compressed(etag: str, coding: str, body: bytes) -> bytes:
    data = _compressed_pages.get((etag, coding))
    if data is None:
        data = compress(body, coding)
        _compressed_pages.put((etag, coding), data)
    return data


# --- Fragments ------------------------------------------------------------------------------


def fragment_current(
    item: Fragment, found: dict | None = None, *, drawn: bytes | None = None, drawn_at=0.0
) -> dict:
    """The fragment as of now: `html`, a short `etag`, `as_of` (its data's time). From the
    shared cache (read in the page's `get_many`) while nothing it shows was purged; else as
    the page's own render just `drawn` it at `drawn_at`, or drawn now."""
    keys = _fragment_keys(item)
    if found is None:
        found = cache.get_many([*record_keys(keys), item.cache_key])
    part = found.get(item.cache_key)
    fresh = part is not None and part["expires"] > time.time()
    if fresh and _trusted(keys, part["rendered_at"], found):
        return part
    if drawn is not None:
        started, html, as_of = drawn_at, drawn, None
    else:
        started = time.time()
        html, as_of = item.render()
    part = {
        "html": html,
        "etag": hashlib.sha256(html, usedforsecurity=False).hexdigest()[:12],
        "as_of": as_of,
        "rendered_at": started,
        "expires": started + item.seconds,
    }
    # The records as they are after drawing it (a purge may have come meanwhile).
    after = cache.get_many(record_keys([*keys, ANY_KEY]))
    if records_complete(after, keys, started=started, skew=CLOCK_SKEW_SECONDS):
        cache.set(item.cache_key, part, item.seconds + 1)
    return part


def fragment_response(item: Fragment) -> HttpResponse:
    """The fragment alone, for Varnish to include in the pages it caches."""
    part = fragment_current(item)
    response = HttpResponse(part["html"])
    response["Cache-Control"] = f"public, max-age=0, s-maxage={item.seconds}"
    response["xkey"] = " ".join(_fragment_keys(item))
    response["ETag"] = f'"{part["etag"]}"'
    return response


# --- Lifetime -------------------------------------------------------------------------------


def lifetime(*, now: float) -> int:
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short by the next scheduled change."""
    seconds = settings.PAGE_CACHE_SECONDS
    next_change = next_scheduled_change(now=now)
    if next_change is not None:
        seconds = min(seconds, max(int(next_change - now), 0))
    return seconds


def next_scheduled_change(*, now: float) -> float | None:
    """When a page may next change with no edit to purge it (a timestamp), kept in the shared
    cache: the earliest answer of the apps' `scheduled_change` functions."""
    stamp = cache.get(NEXT_CHANGE_KEY)
    if stamp is None or (stamp and stamp <= now):
        moment = datetime.fromtimestamp(now, tz=UTC)
        changes = [when for function in _scheduled if (when := function(moment)) is not None]
        stamp = min(changes).timestamp() if changes else 0
        cache.set(NEXT_CHANGE_KEY, stamp, settings.PAGE_CACHE_SECONDS)
    return stamp or None


def forget_next_scheduled_change() -> None:
    """After a change to what is scheduled, once it commits."""
    transaction.on_commit(lambda: cache.delete(NEXT_CHANGE_KEY))


# --- Surrogate keys -------------------------------------------------------------------------


def surrogate_keys(name: str, response) -> list[str]:
    """The keys of everything a page shows, read from what its view rendered (no query)."""
    if name in _feed_views:
        return ["feeds"]
    keys = [*_everywhere, *_view_keys.get(name, ())]
    context = getattr(response, "context_data", None) or {}
    for function in _context_keys.get(name, ()):
        keys.extend(function(context))
    for value in context.values():
        for item in _loaded_items(value):
            function = _model_keys.get(type(item))
            if function is not None:
                keys.extend(function(item))
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
