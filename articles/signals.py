from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from core.purge import purge
from images.signals import image_changed

from .models import Article, Section
from .navigation import forget_navigation_sections
from .search import search_vectors_refresh
from .tasks import article_share_card_make


@receiver([post_save, post_delete], sender=Section)
def section_changed(**kwargs):
    forget_navigation_sections()


@receiver(post_save, sender=Section)
def section_saved(instance, created, **kwargs):
    # Drawn share cards name the section: a renamed one needs new cards.
    if not created:
        for article in instance.articles.filter(lead_image=None).select_related("section"):
            article_share_card_stale(instance=article)


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


@receiver(post_save, sender=Article)
def article_share_card_stale(instance, **kwargs):
    # A new title, section or lead image (or focal point) needs a new card: the worker makes it.
    if instance.share_card_digest(site_name=settings.SITE_NAME) != instance.share_card_source:
        pk = instance.pk
        transaction.on_commit(lambda: article_share_card_make.enqueue(article_id=pk))


@receiver(image_changed)
def library_image_changed(image, **kwargs):
    # Bodies hold their images' HTML (rendered on save): render again the ones that use it,
    # which purges their pages; pages showing it as their lead image read it on each view.
    for article in Article.objects.filter(body__regex=rf"\]\(\s*image:{image.pk}[) ]"):
        article.save(update_fields=["body"])
    for article in Article.objects.filter(lead_image=image).select_related("section"):
        article_share_card_stale(instance=article)
        purge(f"article:{article.pk}")
