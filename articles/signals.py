"""What a change to a briefing, a section, a tag or an author purges (`core/purge.py`), and
the derived data kept in step. Everything cached is cleared once the change commits: a reader
in between would put the old value back."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from core.pagecache import forget_next_scheduled_change
from core.purge import purge
from images.signals import image_changed

from .caching import keys_of_article_change, tag_ids_of
from .models import Article, AuthorProfile, Section
from .navigation import forget_navigation_sections
from .search import search_vectors_refresh
from .tasks import article_share_card_make


@receiver(pre_save, sender=Article)
def article_before_save(instance, **kwargs):
    instance._cached_before = (
        Article.objects.filter(pk=instance.pk).values_list("section_id", "author_id").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Article)
def article_saved(instance, **kwargs):
    before = getattr(instance, "_cached_before", None) or (None, None)
    forget_next_scheduled_change()
    purge(
        *keys_of_article_change(
            instance.pk,
            section_ids={before[0], instance.section_id} - {None},
            author_ids={before[1], instance.author_id} - {None},
            tag_ids=tag_ids_of(instance),
        )
    )


@receiver(pre_delete, sender=Article)
def article_deleted(instance, **kwargs):
    forget_next_scheduled_change()
    purge(
        *keys_of_article_change(
            instance.pk,
            section_ids=[instance.section_id],
            author_ids=[instance.author_id],
            tag_ids=tag_ids_of(instance),
        )
    )


@receiver(pre_save, sender=Section)
def section_before_save(instance, **kwargs):
    instance._name_before = (
        Section.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Section)
def section_saved(instance, created, **kwargs):
    # Drawn share cards name the section: a renamed one needs new cards. Its briefings come
    # with the section itself (`instance.articles`), under its new name.
    if created or getattr(instance, "_name_before", None) == instance.name:
        return
    drawn = instance.articles.filter(lead_image=None)
    for article in drawn.only("title", "section", "lead_image", "share_card_source"):
        article_share_card_stale(instance=article)


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(instance, action, pk_set, **kwargs):
    if not isinstance(instance, Article):
        return
    if action == "pre_clear":
        purge(*keys_of_article_change(instance.pk, tag_ids=tag_ids_of(instance)))
    elif action in {"post_add", "post_remove"}:
        purge(*keys_of_article_change(instance.pk, tag_ids=pk_set or ()))
    # Tags are set after the briefing is saved (admin, seed_demo), so its search vector,
    # which weighs tag names, is brought up to date here.
    if action in {"post_add", "post_remove", "post_clear"}:
        search_vectors_refresh(Article.objects.filter(pk=instance.pk))


@receiver(post_save, sender=Tag)
def tag_saved(instance, created, **kwargs):
    if not created:  # a new tag is on no page yet
        search_vectors_refresh(Article.objects.filter(tags=instance))
        purge(f"tag:{instance.pk}", "feeds")


@receiver(pre_delete, sender=Tag)
def tag_deleted(instance, **kwargs):
    # Its page, and every page whose cards or briefing showed it.
    purge(f"tag:{instance.pk}", "feeds")


@receiver([post_save, post_delete], sender=Section)
def section_changed(instance, **kwargs):
    # The section navigation is on every page.
    transaction.on_commit(forget_navigation_sections)
    purge("nav", f"section:{instance.pk}", "feeds")


@receiver([post_save, post_delete], sender=AuthorProfile)
def author_profile_changed(instance, **kwargs):
    purge(f"author:{instance.user_id}")


@receiver(post_save, sender=get_user_model())
def user_saved(instance, created, **kwargs):
    # Bylines show the name on every briefing and card; the author page shows it too.
    # Logins also save the user: no purge then.
    update_fields = kwargs.get("update_fields")
    only_login = update_fields and set(update_fields) <= {"last_login"}
    if not created and not only_login and Article.objects.filter(author=instance).exists():
        purge(f"author:{instance.pk}", f"byline:{instance.pk}", "feeds")


@receiver(post_save, sender=Article)
def article_share_card_stale(instance, **kwargs):
    # A new title, section or lead image (or focal point) needs a new card: the worker makes it.
    if instance.share_card_digest(site_name=settings.SITE_NAME) != instance.share_card_source:
        pk = instance.pk
        transaction.on_commit(lambda: article_share_card_make.enqueue(article_id=pk))


@receiver(image_changed)
def library_image_changed(image, **kwargs):
    # Bodies hold their images' HTML (rendered on save): render again the ones that use it,
    # and purge what a save would; pages showing it as their lead image read it on each view.
    using = Article.objects.filter(body__regex=rf"\]\(\s*image:{image.pk}[) ]")
    for article in using.only("body", "section", "author"):
        # update(): the image is not an edit (no new version to conflict with whoever has
        # the briefing open, no revision, no updated_at).
        Article.objects.filter(pk=article.pk).update(**article.rendered_from_body())
        purge(
            *keys_of_article_change(
                article.pk,
                section_ids=[article.section_id],
                author_ids=[article.author_id],
                tag_ids=tag_ids_of(article),
            )
        )
    for article in Article.objects.filter(lead_image=image).select_related("lead_image"):
        article_share_card_stale(instance=article)
        purge(f"article:{article.pk}")
