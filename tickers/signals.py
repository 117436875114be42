"""What a change to the prices purges (`core/purge.py`), once it commits."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.purge import purge

from .models import Coin, PriceRefresh
from .selectors import CACHE_KEY


def _forget_rows() -> None:
    cache.delete(CACHE_KEY)


@receiver([post_save, post_delete], sender=Coin)
def coin_changed(instance, **kwargs):
    # Editors reorder or switch coins off in the admin; the strip shows it on the next view.
    transaction.on_commit(_forget_rows)
    purge("tickers", f"coin:{instance.symbol}")


@receiver(post_save, sender=PriceRefresh)
def prices_refreshed(instance, created, **kwargs):
    # Pages splice the strip in (tickers/strip.py): only the strip and the coin pages (their
    # charts) change. The cached rows go first, so the strip drawn after the purge is new.
    if created and instance.stored:
        transaction.on_commit(_forget_rows)
        purge("tickers", "coins")
