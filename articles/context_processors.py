from django.conf import settings
from django.utils.encoding import escape_uri_path
from django.utils.functional import SimpleLazyObject

from .navigation import navigation_sections


def site(request):
    """Site identity and navigation for base.html."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "SITE_DISCLAIMER": settings.SITE_DISCLAIMER,
        # Read once per page (the header and the footer both list it), and only if shown.
        "nav_sections": SimpleLazyObject(navigation_sections),
        "canonical_url": canonical_url(request),
    }


def canonical_url(request) -> str:
    """This page on SITE_URL: the path, plus the page number past the first page."""
    url = settings.SITE_URL + escape_uri_path(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and int(page) > 1 else url
