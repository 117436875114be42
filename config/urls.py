from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from articles.feeds import conditional
from articles.sitemaps import SITEMAPS
from core.health import healthz, readyz
from images.views import media

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Briefings, comments and prices"


urlpatterns = [
    path("admin/passkeys/", include("staff.passkeys")),
    path("admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"))),
    re_path(r"^media/(?P<path>.+)$", media, name="media"),
    path("", include("tickers.urls")),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("newsletter.urls")),
    path("", include("sponsors.urls")),
    path("sitemap.xml", conditional(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]
