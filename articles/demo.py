"""seed_demo's hook for briefings: authors, sections and briefings, added only where missing.

Each installed app may have a `demo.py` with `seed(*, now) -> str`; seed_demo calls them in
INSTALLED_APPS order and prints what each returns. This app comes first, so the others may seed
on top of its briefings.
"""

from datetime import datetime, timedelta

from images.demo import demo_images

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
    pictures_added = _demo_pictures_attach()
    return (
        f"Demo content ready: {created} new briefing(s), {pictures_added} with new pictures, "
        f"{Article.objects.count()} in all, {len(sections)} sections."
    )


def _demo_pictures_attach() -> int:
    """The first demo briefing gets a lead image and three in its body; the next two a lead
    image. Only briefings without a lead image are touched, so an editor's choice stays."""
    pictures = demo_images()
    plans = [
        ("network", ["blocks", "chips", "waves"]),
        ("blocks", []),
        ("chips", []),
    ]
    attached = 0
    for briefing, (lead, inline) in zip(demo_content.BRIEFINGS, plans, strict=False):
        article = Article.objects.filter(slug=briefing["slug"], lead_image=None).first()
        if article is None:
            continue
        article.lead_image = pictures[lead]
        sections = article.body.split("\n## ")
        # One picture closing each of the first sections, each on a line of its own.
        for index, key in enumerate(inline, start=1):
            if index < len(sections):
                sections[index] += f"\n\n![](image:{pictures[key].pk})\n"
        article.body = "\n## ".join(sections)
        article.save()
        attached += 1
    return attached
