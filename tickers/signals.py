from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Coin
from .selectors import CACHE_KEY


@receiver([post_save, post_delete], sender=Coin)
def forget_cached_strip(**kwargs):
    # Editors reorder or switch coins off in the admin; the strip shows it on the next view.
    cache.delete(CACHE_KEY)
