from django.conf import settings

from .navigation import navigation_sections


def site(request):
    """Site identity and navigation for base.html."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "SITE_DISCLAIMER": settings.SITE_DISCLAIMER,
        "nav_sections": navigation_sections,
    }
