"""Threaded demo comments for seed_demo: written for this project, added only where missing."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article

from .models import Comment
from .services import comment_create

# (key, reply-to key, name, website, text); a thread three deep and a second one beside it.
THREAD = [
    (
        "a",
        None,
        "Priya Raman",
        "",
        "Useful summary. The part about verifiable inference is the one I keep explaining to "
        "colleagues: proving which model ran matters more than where it ran.",
    ),
    (
        "b",
        "a",
        "Tomás Ferreira",
        "https://example.org/tomas",
        "Agreed, although the proofs are still slow for anything larger than a small model.\n"
        "Benchmarks from last quarter put it at minutes per request.",
    ),
    (
        "c",
        "b",
        "Priya Raman",
        "",
        "Minutes is fine for settlement, less so for a chat interface. Different jobs.",
    ),
    (
        "d",
        None,
        "Jordan Lee",
        "",
        "What I miss here is the cost side. Who pays for the compute when the agent is idle?",
    ),
    (
        "e",
        "d",
        "Convergence team",
        "",
        "Good question: we are preparing a follow-up on agent treasuries and fees.",
    ),
]


def seed_comments(articles, *, per_article: int = 3) -> int:
    """Give the first `per_article` briefings without comments a small thread. Idempotent."""
    created = 0
    for article in list(articles)[:per_article]:
        if Comment.objects.filter(article=article).exists():
            continue
        made: dict[str, Comment] = {}
        start = max(article.publish_at, timezone.now() - timedelta(days=2))
        for minutes, (key, parent_key, name, url, text) in enumerate(THREAD):
            made[key] = comment_create(
                article=article,
                parent=made.get(parent_key),
                name=name,
                email=f"{slugify(name)}@example.org",
                url=url,
                body=text,
                status=Comment.Status.APPROVED,
                now=start + timedelta(minutes=17 * (minutes + 1)),
            )
            if key == "e":
                Comment.objects.filter(pk=made[key].pk).update(is_team=True)
            created += 1
    return created


def seed(*, now: datetime) -> str:
    """seed_demo's hook (articles/demo.py): threads under the latest briefings."""
    created = seed_comments(Article.objects.published().order_by("-publish_at"))
    return f"Demo comments: {created} new."
