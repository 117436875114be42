"""What a change to a placement purges (`core/purge.py`), once it commits: every HTML page
shows the sponsor slots (key `sponsors`), and a page's lifetime ends at a placement's start
or end (`next_change_at`)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core.pagecache import forget_next_scheduled_change
from core.purge import purge
from images.signals import image_changed

from .models import Placement
from .selectors import forget_cached_choices


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(sender, **kwargs):
    # Clicks are counted with update(), which sends no signal: only edits reach here.
    transaction.on_commit(lambda: forget_cached_choices(timezone.localdate()))
    forget_next_scheduled_change()
    purge("sponsors")


@receiver(image_changed)
def library_image_changed(image, **kwargs):
    # Placements showing it are cached with the image's old renditions or alt text.
    if Placement.objects.filter(library_image=image).exists():
        transaction.on_commit(lambda: forget_cached_choices(timezone.localdate()))
        purge("sponsors")
