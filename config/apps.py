from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, for what spans the others: cache invalidation, tasks."""

    name = "config"
    label = "site_config"
    verbose_name = "Site"

    def ready(self):
        from . import invalidation  # noqa: F401  (connects the receivers)
