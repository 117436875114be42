"""Work the task worker (`manage.py db_worker`) does for briefings: review emails, share cards."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from core.mail import absolute_url, compose, group_addresses

from .cards import share_card_store
from .models import Article


@task()
def send_review_request(article_id: int) -> None:
    """Tell every editor that a briefing waits in the review queue."""
    article = Article.objects.select_related("author").filter(pk=article_id).first()
    if article is None or article.status != Article.Status.REVIEW or article.trashed_at:
        return
    writer = article.author.get_full_name() or article.author.get_username()
    context = {
        "article": article,
        "writer": writer,
        "review_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        "queue_url": absolute_url(reverse("admin:articles_articleinreview_changelist")),
    }
    for address in group_addresses("Editors", leaving_out=article.author_id):
        compose(
            to=address,
            subject=f"[{settings.SITE_NAME}] For review: “{article.title}” by {writer}",
            template="articles/email/review_request",
            context=context,
        ).send()


@task()
def article_share_card_make(*, article_id: int) -> str:
    """The share card of one briefing, queued when its title, section or lead image changes."""
    article = Article.objects.select_related("section", "lead_image").filter(pk=article_id).first()
    if article is None:
        return ""
    return share_card_store(article=article)
