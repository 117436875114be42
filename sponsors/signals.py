from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core.purge import purge
from images.signals import image_changed

from .models import Placement
from .selectors import forget_cached_choices


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(sender, **kwargs):
    # Clicks are counted with update(), which sends no signal: only edits reach here.
    forget_cached_choices(timezone.localdate())


@receiver(image_changed)
def library_image_changed(image, **kwargs):
    # Placements showing it are cached with the image's old renditions or alt text.
    if Placement.objects.filter(library_image=image).exists():
        forget_cached_choices(timezone.localdate())
        purge("sponsors")
