from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

# Library files, renditions and share cards are named by their content: a name never changes
# meaning, so browsers and CDNs keep them for a year. Older uploads may be replaced in place.
IMMUTABLE_PREFIXES = ("images/", "cards/")
ONE_YEAR = 365 * 24 * 3600


def media(request, path):
    """Uploaded media from MEDIA_ROOT, served by the site itself (gunicorn) unless SERVE_MEDIA
    is off because nginx or a bucket serves them (README.md "Images")."""
    if not settings.SERVE_MEDIA:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(IMMUTABLE_PREFIXES):
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
