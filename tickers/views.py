import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from .charts import price_chart
from .models import Coin
from .selectors import coin_briefings, coin_history, ticker_payload


@require_safe
def tickers_json(request):
    body = json.dumps(ticker_payload(), separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    patch_cache_control(response, public=True, max_age=settings.TICKER_JSON_MAX_AGE)
    return get_conditional_response(request, etag=response["ETag"], response=response)


class CoinDetailView(DetailView):
    template_name = "tickers/coin_detail.html"
    context_object_name = "coin"

    def get_object(self, queryset=None):
        coin = (
            Coin.objects.active()
            .with_latest_quote()
            .filter(symbol__iexact=self.kwargs["symbol"])
            .first()
        )
        if coin is None:
            raise Http404("No such coin.")
        return coin

    def get_context_data(self, **kwargs):
        now = timezone.now()
        history = coin_history(self.object, now=now)
        symbol = self.object.symbol
        return super().get_context_data(
            day_chart=price_chart(
                history["day"],
                title=f"{symbol} price, last 24 hours",
                period="last 24 hours",
                time_format="%H:%M",
            ),
            week_chart=price_chart(
                history["week"],
                title=f"{symbol} price, last 7 days",
                period="last 7 days",
                time_format="%a %d %b",
            ),
            briefings=coin_briefings(self.object),
            now=now,
            **kwargs,
        )
