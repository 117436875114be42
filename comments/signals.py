"""Comment changes that go through `save()`/`delete()` (the admin's form, the services):
purged once they commit. Bulk changes call `caching.comments_purge()` themselves."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.models import Article
from core.purge import purge

from .caching import keys_of_status_change
from .models import Comment


@receiver(pre_save, sender=Comment)
def comment_before_save(instance, **kwargs):
    instance._cached_status_before = (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Comment)
def comment_saved(instance, **kwargs):
    before = getattr(instance, "_cached_status_before", None)
    purge(*keys_of_status_change(instance.article_id, before, instance.status))


@receiver(post_delete, sender=Comment)
def comment_deleted(instance, origin=None, **kwargs):
    # Deleting a briefing deletes its comments one signal each; the briefing purges its page.
    deleting = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(deleting, Article):
        return
    purge(*keys_of_status_change(instance.article_id, instance.status, None))
