from django.apps import AppConfig


class TickersConfig(AppConfig):
    name = "tickers"
