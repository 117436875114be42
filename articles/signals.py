from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from .models import Article, Section
from .navigation import forget_navigation_sections
from .search import search_vectors_refresh


@receiver([post_save, post_delete], sender=Section)
def section_changed(**kwargs):
    forget_navigation_sections()


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(instance, action, **kwargs):
    # Tags are set after the briefing is saved (admin, seed_demo), so its search vector,
    # which weighs tag names, is brought up to date here.
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Article):
        search_vectors_refresh(Article.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Tag)
def tag_renamed(instance, created, **kwargs):
    if not created:
        search_vectors_refresh(Article.objects.filter(tags=instance))
