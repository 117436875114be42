from django.apps import AppConfig


class TickersConfig(AppConfig):
    name = "tickers"
    verbose_name = "Prices"

    def ready(self):
        from . import signals  # noqa: F401
