"""The section list every page's header shows, cached so a page view does not query it."""

from django.core.cache import cache

from .models import Section

CACHE_KEY = "articles:sections-nav"
# Saving a section clears the shared cache for every process; the timeout is a safety net for
# changes that bypass the signal (a bulk update, a restored backup).
CACHE_SECONDS = 5 * 60


def navigation_sections() -> list[dict[str, str]]:
    sections = cache.get(CACHE_KEY)
    if sections is None:
        sections = [
            {"name": section.name, "url": section.get_absolute_url(), "slug": section.slug}
            for section in Section.objects.all()
        ]
        cache.set(CACHE_KEY, sections, CACHE_SECONDS)
    return sections


def forget_navigation_sections() -> None:
    cache.delete(CACHE_KEY)
