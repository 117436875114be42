from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from articles import demo_content
from articles.models import Article, AuthorProfile, Section
from articles.services import editor_ensure
from comments.demo import seed_comments
from tickers.demo import seed_quotes

EDITOR_USERNAME = "editor"


def demo_editor_password() -> str:
    # Derived from SECRET_KEY, so every run can print it again without storing it anywhere.
    return salted_hmac("seed_demo.editor", EDITOR_USERNAME).hexdigest()[:20]


class Command(BaseCommand):
    help = (
        "Load demo briefings, authors and an `editor` account. "
        "Safe to run again: it adds only what is missing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
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

        now = timezone.now()
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

        quotes = seed_quotes(now=now)
        comments = seed_comments(Article.objects.published().order_by("-publish_at"))
        self.stdout.write(f"Demo comments: {comments} new.")

        password = demo_editor_password()
        editor, _ = editor_ensure(
            username=EDITOR_USERNAME, password=password, first_name="Demo", last_name="Editor"
        )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {created} new briefing(s), "
                f"{Article.objects.count()} in all, {len(sections)} sections."
            )
        )
        self.stdout.write(f"Prices ready: {quotes} new demo quote(s) for the 17 coins.")
        if editor.check_password(password):
            self.stdout.write(f"Editor login: username `{EDITOR_USERNAME}`, password `{password}`")
        else:
            self.stdout.write(
                f"Editor `{EDITOR_USERNAME}` exists with a password of its own; unchanged."
            )
