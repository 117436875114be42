from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Briefings"

    def ready(self):
        from . import caching, signals  # noqa: F401  (signals: connects the receivers)

        caching.register()
