"""seed_demo's hook for briefings: authors, sections and briefings, added only where missing.

Each installed app may have a `demo.py` with `seed(*, now) -> str`; seed_demo calls them in
INSTALLED_APPS order and prints what each returns. This app comes first, so the others may seed
on top of its briefings.
"""

from datetime import datetime, timedelta

from . import demo_content
from .models import Article, AuthorProfile, Section
from .services import editor_ensure


def seed(*, now: datetime) -> str:
    authors = {
        author["username"]: editor_ensure(
            username=author["username"],
            first_name=author["first_name"],
            last_name=author["last_name"],
        )[0]
        for author in demo_content.AUTHORS
    }
    for author in demo_content.AUTHORS:
        AuthorProfile.objects.get_or_create(
            user=authors[author["username"]], defaults={"bio": author["bio"]}
        )
    sections = {
        section["slug"]: Section.objects.get_or_create(
            slug=section["slug"],
            defaults={
                "name": section["name"],
                "description": section["description"],
                "position": position,
            },
        )[0]
        for position, section in enumerate(demo_content.SECTIONS)
    }

    created = 0
    for briefing in demo_content.BRIEFINGS:
        article, was_created = Article.objects.get_or_create(
            slug=briefing["slug"],
            defaults={
                "title": briefing["title"],
                "summary": briefing["summary"],
                "body": briefing["body"],
                "section": sections[briefing["section"]],
                "author": authors[briefing["author"]],
                "status": Article.Status.PUBLISHED,
                "publish_at": now - timedelta(hours=briefing["hours_ago"]),
                "is_sponsored": briefing["is_sponsored"],
                "sponsor_name": briefing["sponsor_name"],
            },
        )
        if was_created:
            article.tags.set(briefing["tags"])
            created += 1
    return (
        f"Demo content ready: {created} new briefing(s), "
        f"{Article.objects.count()} in all, {len(sections)} sections."
    )
