from django.apps import AppConfig


class TickersConfig(AppConfig):
    name = "tickers"
    verbose_name = "Prices"

    def ready(self):
        from . import caching, signals  # noqa: F401  (signals: connects the receivers)

        caching.register()
