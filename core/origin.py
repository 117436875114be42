"""Cross-site request forgery protection for forms on pages served from a shared cache.

A page cached for every anonymous reader cannot carry one reader's CSRF token, so the public
POST targets (a comment, a newsletter signup, an advertising enquiry) check where the request
comes from instead, as browsers report it: `Sec-Fetch-Site` (every current browser sends it)
or else `Origin`. A request from another site is refused with 403; a request that carries
neither header does not come from a browser, so it cannot be forged by one. The same rule as
Go's `http.CrossOriginProtection`; cookies are also `SameSite=Lax`.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_callable
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

SAME_SITE_FETCHES = {"same-origin", "none"}


def is_cross_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.lower() not in SAME_SITE_FETCHES
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc.lower() != request.get_host().lower()


def same_origin_post(view):
    """Refuse cross-site POSTs by their origin; no per-reader token is needed in the page."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return get_callable(settings.CSRF_FAILURE_VIEW)(
                request, reason="Cross-site POST refused"
            )
        return view(request, *args, **kwargs)

    return wrapped


def signed_link(view):
    """A page behind a signed link in an email (confirm, unsubscribe): GET shows a button,
    because link scanners prefetch GETs; POST acts. The token in the URL is the only authority,
    so a mail provider's RFC 8058 one-click POST works with no cookie and no CSRF token."""
    return never_cache(csrf_exempt(require_http_methods(["GET", "POST"])(view)))
