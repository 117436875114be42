from django_tasks import task

from .cards import share_card_store
from .models import Article


@task()
def article_share_card_make(*, article_id: int) -> str:
    """The share card of one briefing, queued when its title, section or lead image changes."""
    article = Article.objects.select_related("section", "lead_image").filter(pk=article_id).first()
    if article is None:
        return ""
    return share_card_store(article=article)
