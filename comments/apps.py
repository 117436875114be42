from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        from . import caching, signals  # noqa: F401  (signals: connects the receivers)

        caching.register()
