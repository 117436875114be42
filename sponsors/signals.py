from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Placement
from .selectors import forget_cached_choices


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(sender, **kwargs):
    # Clicks are counted with update(), which sends no signal: only edits reach here.
    forget_cached_choices(timezone.localdate())
