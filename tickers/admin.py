from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

from core.admin import ReadOnlyAdminMixin

from .formatting import format_change, format_price
from .models import Coin, HeldQuote, PriceRefresh, ProviderHealth, Quote
from .selectors import provider_health, source_name


class CoinRowsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A coin's rows the refresh writes: editors look, nobody edits."""

    def has_delete_permission(self, request, obj=None):
        # Deleting a coin deletes these too, and the admin asks this first: a plain "no"
        # would forbid deleting the coin.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)


@admin.register(Coin)
class CoinAdmin(admin.ModelAdmin):
    list_display = [
        "symbol",
        "name",
        "provider_id",
        "coinpaprika_id",
        "position",
        "is_active",
        "price",
        "change",
        "as_of",
        "source",
    ]
    list_display_links = ["symbol", "name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["symbol", "name", "provider_id", "coinpaprika_id"]
    fieldsets = [
        (None, {"fields": ["symbol", "name", "position", "is_active"]}),
        (
            "Ids at each price provider",
            {
                "fields": ["provider_id", "coinpaprika_id"],
                "description": "Providers are asked in the order TICKER_PROVIDERS gives; a coin "
                "without an id at one is priced by the next.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_quote()

    def changelist_view(self, request, extra_context=None):
        extra_context = {"last_refresh": PriceRefresh.objects.first(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @admin.display(description="latest price", ordering="latest_price")
    def price(self, coin):
        return format_price(coin.latest_price)

    @admin.display(description="24 h", ordering="latest_change_24h")
    def change(self, coin):
        return format_change(coin.latest_change_24h)

    @admin.display(description="as of", ordering="latest_as_of")
    def as_of(self, coin):
        return coin.latest_as_of

    @admin.display(description="from", ordering="latest_source")
    def source(self, coin):
        return source_name(coin.latest_source) or "—"


@admin.register(Quote)
class QuoteAdmin(CoinRowsAdmin):
    list_display = ["coin", "price", "change_24h", "as_of", "fetched_at", "source"]
    list_filter = ["source", "coin"]
    list_select_related = ["coin"]
    date_hierarchy = "as_of"
    show_full_result_count = False


@admin.register(PriceRefresh)
class PriceRefreshAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["finished_at", "provider", "succeeded", "stored", "skipped", "error"]
    list_filter = ["provider"]

    @admin.display(boolean=True, description="ok")
    def succeeded(self, refresh):
        return refresh.succeeded


@admin.register(HeldQuote)
class HeldQuoteAdmin(CoinRowsAdmin):
    """Prices the refresh would not show: a jump no second provider confirmed."""

    list_display = [
        "when",
        "symbol",
        "provider",
        "held_price",
        "last_good_price",
        "move",
        "second_opinion",
    ]
    list_filter = ["provider", "coin"]
    list_select_related = ["coin"]
    date_hierarchy = "held_at"

    @admin.display(description="held at", ordering="held_at")
    def when(self, held):
        return f"{held.held_at:%d %b %H:%M} UTC"

    @admin.display(description="coin", ordering="coin__symbol")
    def symbol(self, held):
        return held.coin.symbol

    @admin.display(description="held price", ordering="price")
    def held_price(self, held):
        return format_price(held.price)

    @admin.display(description="last good price", ordering="last_price")
    def last_good_price(self, held):
        return f"{format_price(held.last_price)} at {held.last_as_of:%H:%M} UTC"

    @admin.display(description="move")
    def move(self, held):
        return format_change(held.jump * 100)

    @admin.display(description="second opinion", ordering="second_price")
    def second_opinion(self, held):
        if not held.second_provider:
            return "none answered"
        return f"{format_price(held.second_price)} ({held.get_second_provider_display()})"


@admin.register(ProviderHealth)
class ProviderHealthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """One page: every provider's breaker and its last 24 hours."""

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        now = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Price provider health",
            "providers": provider_health(now=now),
            "now": now,
            "breaker_failures": settings.TICKER_BREAKER_FAILURES,
            "last_refresh": PriceRefresh.objects.first(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/tickers/providerhealth/health.html", context)
