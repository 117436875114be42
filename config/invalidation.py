"""What each change purges (`core/purge.py`): the pages that show it, and only those.

Signals are the right tool here (STYLE.md): they keep the cache in step without the apps
knowing about it. Bulk changes that bypass signals call `purge()` themselves
(`comments.services.comments_moderate`).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.models import Article, AuthorProfile, Section, TaggedArticle
from comments.models import Comment
from config.pagecache import forget_next_scheduled_change
from core.purge import purge
from sponsors.models import Placement
from tickers.models import Coin, PriceRefresh

# Comment statuses a reader can see: approved ones, and removed ones kept as a placeholder.
SHOWN_COMMENT_STATUSES = {Comment.Status.APPROVED, Comment.Status.REMOVED}


def _article_keys(article_id, *, section_ids=(), author_ids=(), tag_ids=()) -> list[str]:
    return [
        f"article:{article_id}",
        "list",
        "feeds",
        *(f"section:{pk}" for pk in section_ids),
        *(f"author:{pk}" for pk in author_ids),
        *(f"tag:{pk}" for pk in tag_ids),
    ]


def _tag_ids(article) -> list[int]:
    return list(
        TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)
    )


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
        *_article_keys(
            instance.pk,
            section_ids={before[0], instance.section_id} - {None},
            author_ids={before[1], instance.author_id} - {None},
            tag_ids=_tag_ids(instance),
        )
    )


@receiver(pre_delete, sender=Article)
def article_deleted(instance, **kwargs):
    forget_next_scheduled_change()
    purge(
        *_article_keys(
            instance.pk,
            section_ids=[instance.section_id],
            author_ids=[instance.author_id],
            tag_ids=_tag_ids(instance),
        )
    )


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(instance, action, pk_set, **kwargs):
    if not isinstance(instance, Article):
        return
    if action == "pre_clear":
        purge(*_article_keys(instance.pk, tag_ids=_tag_ids(instance)))
    elif action in {"post_add", "post_remove"}:
        purge(*_article_keys(instance.pk, tag_ids=pk_set or ()))


@receiver(post_save, sender=Tag)
def tag_saved(instance, created, **kwargs):
    if not created:  # a new tag is on no page yet
        purge(f"tag:{instance.pk}", "feeds")


@receiver([post_save, post_delete], sender=Section)
def section_changed(instance, **kwargs):
    # The section navigation is on every page.
    purge("nav", f"section:{instance.pk}", "feeds")


@receiver([post_save, post_delete], sender=AuthorProfile)
def author_profile_changed(instance, **kwargs):
    purge(f"author:{instance.user_id}")


@receiver(post_save, sender=get_user_model())
def user_saved(instance, created, **kwargs):
    # Bylines show the name; author pages show it too. Logins also save the user: no purge then.
    update_fields = kwargs.get("update_fields")
    only_login = update_fields and set(update_fields) <= {"last_login"}
    if not created and not only_login and Article.objects.filter(author=instance).exists():
        purge(f"author:{instance.pk}", "list", "feeds")


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
    if before != instance.status and Comment.Status.APPROVED in {before, instance.status}:
        purge(f"article:{instance.article_id}")  # the count on every list showing it changes
    elif {before, instance.status} & SHOWN_COMMENT_STATUSES:
        purge(f"thread:{instance.article_id}")


@receiver(post_delete, sender=Comment)
def comment_deleted(instance, **kwargs):
    if instance.status in SHOWN_COMMENT_STATUSES:
        purge(f"article:{instance.article_id}")


def comments_moderated(*, article_ids_shown_before, article_ids, status) -> None:
    """After a bulk status change: the threads whose visible comments changed."""
    changed = article_ids if status in SHOWN_COMMENT_STATUSES else article_ids_shown_before
    purge(*(f"article:{pk}" for pk in changed))


@receiver([post_save, post_delete], sender=Coin)
def coin_changed(instance, **kwargs):
    purge("tickers", f"coin:{instance.symbol}")


@receiver(post_save, sender=PriceRefresh)
def prices_refreshed(instance, created, **kwargs):
    # Pages splice the strip in from the refreshed rows themselves; only Varnish's copy of the
    # strip and the coin pages (their charts) change.
    if created and instance.stored:
        purge("tickers", "coins")


@receiver([post_save, post_delete], sender=Placement)
def placement_changed(instance, **kwargs):
    # Clicks are counted with update(), which sends no signal: only editors' changes reach here.
    forget_next_scheduled_change()
    purge("sponsors")
