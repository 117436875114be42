from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Briefings"

    def ready(self):
        from . import signals  # noqa: F401
