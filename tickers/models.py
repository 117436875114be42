from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone


class CoinQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_latest_quote(self):
        """Latest price, change and time as annotations: one query, however many coins."""
        latest = Quote.objects.filter(coin=OuterRef("pk")).order_by("-as_of", "-id")
        return self.annotate(
            latest_price=Subquery(latest.values("price")[:1]),
            latest_change_24h=Subquery(latest.values("change_24h")[:1]),
            latest_as_of=Subquery(latest.values("as_of")[:1]),
        )


class Coin(models.Model):
    provider_id = models.CharField(
        "provider id",
        max_length=100,
        unique=True,
        help_text="The coin's CoinGecko API id, e.g. “avalanche-2”: symbols are ambiguous.",
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                "Use the API id from the coin's CoinGecko page: letters, digits, - . _",
            )
        ],
    )
    symbol = models.CharField(
        max_length=12,
        unique=True,
        help_text="Shown in the strip and in the page address, e.g. BTC.",
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", "Use letters and digits only.")],
    )
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Coins appear in the strip by this number."
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Only active coins are fetched and shown."
    )

    objects = CoinQuerySet.as_manager()

    class Meta:
        ordering = ["position", "symbol"]

    def __str__(self):
        return f"{self.name} ({self.symbol})"

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tickers:detail", kwargs={"symbol": self.symbol.lower()})

    def clean(self):
        # Before the uniqueness checks, so "btc" is refused as a duplicate of "BTC".
        self.normalize()

    def normalize(self):
        self.symbol = self.symbol.strip().upper()
        self.provider_id = self.provider_id.strip().lower()


class Quote(models.Model):
    coin = models.ForeignKey(Coin, on_delete=models.CASCADE, related_name="quotes")
    price = models.DecimalField("price (USD)", max_digits=30, decimal_places=12)
    change_24h = models.DecimalField(
        "24-hour change (%)", max_digits=12, decimal_places=4, null=True, blank=True
    )
    as_of = models.DateTimeField(help_text="When the provider last updated the price.")
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["coin", "-as_of"], name="quote_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="quote_price_positive"),
            models.UniqueConstraint(fields=["coin", "as_of"], name="quote_once_per_time"),
        ]

    def __str__(self):
        return f"{self.coin.symbol} {self.price} at {self.as_of:%Y-%m-%d %H:%M}"


class PriceRefresh(models.Model):
    """One run of refresh_prices: what it stored, or why it failed."""

    provider = models.CharField(max_length=20)
    finished_at = models.DateTimeField(default=timezone.now, db_index=True)
    stored = models.PositiveSmallIntegerField(default=0)
    skipped = models.CharField(max_length=500, blank=True, help_text="Coins left out, and why.")
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = "price refresh"
        verbose_name_plural = "price refreshes"

    def __str__(self):
        return f"{self.provider} at {self.finished_at:%Y-%m-%d %H:%M}: {self.summary}"

    @property
    def succeeded(self) -> bool:
        return self.stored > 0

    @property
    def summary(self) -> str:
        if not self.succeeded:
            return f"failed: {self.error or 'nothing stored'}"
        return f"{self.stored} stored" + (f", skipped {self.skipped}" if self.skipped else "")
