from datetime import datetime
from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone


class Provider(models.TextChoices):
    """Where a price can come from: the names TICKER_PROVIDERS takes, and how pages say them."""

    DEMO = "demo", "the offline demo"
    COINGECKO = "coingecko", "CoinGecko"
    COINPAPRIKA = "coinpaprika", "CoinPaprika"


PROVIDER_ID_RULE = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


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
            latest_source=Subquery(latest.values("source")[:1]),
        )


class Coin(models.Model):
    # The CoinGecko id keeps its first name, provider_id: the demo provider keys on it too.
    provider_id = models.CharField(
        "CoinGecko id",
        max_length=100,
        unique=True,
        help_text="The coin's CoinGecko API id, e.g. “avalanche-2”: symbols are ambiguous.",
        validators=[
            RegexValidator(
                PROVIDER_ID_RULE,
                "Use the API id from the coin's CoinGecko page: letters, digits, - . _",
            )
        ],
    )
    coinpaprika_id = models.CharField(
        "CoinPaprika id",
        max_length=100,
        blank=True,
        help_text="The coin's CoinPaprika id, e.g. “avax-avalanche”. Empty: not asked there.",
        validators=[
            RegexValidator(
                PROVIDER_ID_RULE,
                "Use the id from the coin's CoinPaprika API: letters, digits, - . _",
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
        constraints = [
            models.UniqueConstraint(
                fields=["coinpaprika_id"],
                condition=~Q(coinpaprika_id=""),
                name="coin_coinpaprika_id_unique",
                violation_error_message="Another coin already has this CoinPaprika id.",
            )
        ]

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
        self.coinpaprika_id = self.coinpaprika_id.strip().lower()

    def id_at(self, provider: str) -> str:
        """This coin's id at a provider; empty when editors have not mapped it there."""
        return self.coinpaprika_id if provider == Provider.COINPAPRIKA else self.provider_id


class Quote(models.Model):
    coin = models.ForeignKey(Coin, on_delete=models.CASCADE, related_name="quotes")
    price = models.DecimalField("price (USD)", max_digits=30, decimal_places=12)
    change_24h = models.DecimalField(
        "24-hour change (%)", max_digits=12, decimal_places=4, null=True, blank=True
    )
    as_of = models.DateTimeField(help_text="When the provider last updated the price.")
    fetched_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=20, choices=Provider.choices, blank=True, help_text="The provider it came from."
    )

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

    provider = models.CharField(max_length=100, help_text="The providers configured, in order.")
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
            return f"failed — {self.error or 'no valid quotes'}"
        return (
            f"{self.stored} quote(s) stored"
            + (f"; skipped {self.skipped}" if self.skipped else "")
            + (f"; {self.error}" if self.error else "")
        )


class ProviderHealth(models.Model):
    """One provider's circuit breaker, in the database so every process and machine agrees."""

    provider = models.CharField(max_length=20, choices=Provider.choices, unique=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed refreshes in a row.")
    cool_off_until = models.DateTimeField(
        null=True, blank=True, help_text="Not asked again before this time."
    )
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider"]
        verbose_name = "provider health"
        verbose_name_plural = "provider health"

    def __str__(self):
        return self.get_provider_display()

    def is_cooling_off(self, now: datetime) -> bool:
        return self.cool_off_until is not None and now < self.cool_off_until


class ProviderRequest(models.Model):
    """One request to a provider: counted for its health over the last 24 hours."""

    provider = models.CharField(max_length=20, choices=Provider.choices)
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    error = models.CharField(max_length=500, blank=True)
    priced = models.PositiveSmallIntegerField(default=0, help_text="Coins it gave a usable price.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["provider", "-at"], name="provider_request_recent_idx")]

    def __str__(self):
        return f"{self.provider} at {self.at:%Y-%m-%d %H:%M}: {'ok' if self.ok else self.error}"


class HeldQuote(models.Model):
    """A price that jumped too far, too fast, and that no second provider confirmed."""

    coin = models.ForeignKey(Coin, on_delete=models.CASCADE, related_name="held_quotes")
    provider = models.CharField(max_length=20, choices=Provider.choices)
    price = models.DecimalField("held price (USD)", max_digits=30, decimal_places=12)
    as_of = models.DateTimeField(help_text="When the provider says it updated the price.")
    held_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_price = models.DecimalField("last good price", max_digits=30, decimal_places=12)
    last_as_of = models.DateTimeField("last good price as of")
    second_provider = models.CharField(max_length=20, choices=Provider.choices, blank=True)
    second_price = models.DecimalField(
        "second provider's price", max_digits=30, decimal_places=12, null=True, blank=True
    )

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = "held-back quote"

    def __str__(self):
        return f"{self.coin.symbol} {self.price} from {self.provider}, held {self.held_at:%H:%M}"

    @property
    def jump(self) -> Decimal:
        """The move from the last good price, as a fraction (0.5 is +50 %)."""
        return (self.price - self.last_price) / self.last_price
