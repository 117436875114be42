from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Section
from .navigation import forget_navigation_sections


@receiver([post_save, post_delete], sender=Section)
def section_changed(**kwargs):
    forget_navigation_sections()
