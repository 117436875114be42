from django.contrib import admin

from .formatting import format_change, format_price
from .models import Coin, PriceRefresh, Quote


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the refresh command writes: editors look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Coin)
class CoinAdmin(admin.ModelAdmin):
    list_display = [
        "symbol",
        "name",
        "provider_id",
        "position",
        "is_active",
        "price",
        "change",
        "as_of",
    ]
    list_display_links = ["symbol", "name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["symbol", "name", "provider_id"]
    fields = ["symbol", "name", "provider_id", "position", "is_active"]

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


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["coin", "price", "change_24h", "as_of", "fetched_at"]
    list_filter = ["coin"]
    list_select_related = ["coin"]
    date_hierarchy = "as_of"
    show_full_result_count = False


@admin.register(PriceRefresh)
class PriceRefreshAdmin(ReadOnlyAdmin):
    list_display = ["finished_at", "provider", "succeeded", "stored", "skipped", "error"]
    list_filter = ["provider"]

    @admin.display(boolean=True, description="ok")
    def succeeded(self, refresh):
        return refresh.succeeded
