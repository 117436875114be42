from django.urls import path

from . import strip, views

app_name = "tickers"

urlpatterns = [
    path("tickers.json", views.tickers_json, name="json"),
    path("tickers/<str:symbol>/", views.CoinDetailView.as_view(), name="detail"),
    path("esi/ticker/", strip.ticker_esi, name="esi"),
]
