"""What a comment's change purges (`core/purge.py`), and the key its thread adds to the
briefing page (`thread:<article id>`: the comments alone; `article:<id>` when the approved
count, shown on every card, changes too)."""

from core import pagecache
from core.purge import purge

from .models import STATUSES_READERS_SEE, Comment


def keys_of_status_change(article_id: int, before: str | None, after: str | None) -> list[str]:
    """`before`/`after` are None for a comment that did not exist / no longer exists."""
    if before == after:
        return [f"thread:{article_id}"] if after in STATUSES_READERS_SEE else []
    if Comment.Status.APPROVED in {before, after}:
        return [f"article:{article_id}"]  # the count on every list showing it changes too
    if {before, after} & set(STATUSES_READERS_SEE):
        return [f"thread:{article_id}"]
    return []


def comments_purge(changes) -> None:
    """Purge after `changes`, pairs of (comment before its change, status after)."""
    purge(
        *(
            key
            for comment, after in changes
            for key in keys_of_status_change(comment.article_id, comment.status, after)
        )
    )


def register() -> None:
    pagecache.context_keys("articles:detail", lambda context: [f"thread:{context['object'].pk}"])
