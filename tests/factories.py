"""Small factories: real rows in the test database, with sensible defaults."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Section

_seq = itertools.count(1)


def make_user(**fields):
    n = next(_seq)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@example.org")
    password = fields.pop("password", "a-long-test-password")
    user = get_user_model()(**fields)
    user.set_password(password)
    user.save()
    return user


def make_staff(group: str, **fields):
    """A staff account in one of the newsroom's groups (Editors, Writers, Moderators)."""
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def make_editor(**fields):
    return make_staff("Editors", **{"first_name": "Eda", "last_name": "Tor", **fields})


def make_section(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_article(*, tags=(), **fields):
    n = next(_seq)
    fields.setdefault("title", f"Briefing number {n}")
    fields.setdefault("slug", f"briefing-{n}")
    fields.setdefault("summary", f"What happened in briefing {n}.")
    fields.setdefault("body", f"## First part\n\nBody of briefing {n}.\n\n## Second part\n\nMore.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=n))
    if "section" not in fields:
        fields["section"] = make_section()
    if "author" not in fields:
        fields["author"] = make_user(first_name="Ada", last_name="Writer")
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(list(tags))
    return article


def make_articles(count, **fields):
    section = fields.pop("section", None) or make_section()
    author = fields.pop("author", None) or make_user()
    return [make_article(section=section, author=author, **fields) for _ in range(count)]


def make_historical_article(apps, **fields):
    """A published briefing made with the models of an earlier migration state."""
    section = apps.get_model("articles", "Section").objects.create(name="Old", slug="old")
    author = apps.get_model("auth", "User").objects.create(username="old-author")
    return apps.get_model("articles", "Article").objects.create(
        section=section,
        author=author,
        title="Old",
        slug="old",
        summary="s",
        body="b",
        status="published",
        publish_at=timezone.now(),
        **fields,
    )


def make_coin(**fields):
    from tickers.models import Coin

    n = next(_seq)
    fields.setdefault("symbol", f"TST{n}")
    fields.setdefault("provider_id", f"test-coin-{n}")
    fields.setdefault("name", f"Test coin {n}")
    fields.setdefault("position", 100 + n)
    return Coin.objects.create(**fields)


def make_quote(coin, **fields):
    from decimal import Decimal

    from tickers.models import Quote

    fields.setdefault("price", Decimal("100"))
    fields.setdefault("change_24h", Decimal("1.5"))
    fields.setdefault("as_of", timezone.now())
    fields.setdefault("fetched_at", fields["as_of"])
    return Quote.objects.create(coin=coin, **fields)


def make_comment(*, article=None, parent=None, status="approved", **fields):
    from comments.services import comment_create

    n = next(_seq)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("body", f"Comment number {n}.")
    article = article or (parent.article if parent else make_article())
    return comment_create(article=article, parent=parent, status=status, **fields)


# --- Newsletter -------------------------------------------------------------------------------


def make_subscriber(**fields):
    from newsletter.models import Subscriber

    n = next(_seq)
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    if fields["status"] == Subscriber.Status.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now())
    return Subscriber.objects.create(**fields)


# --- Sponsors ---------------------------------------------------------------------------------


def make_placement(**fields):
    """A placement running today in every web slot unless told otherwise."""
    from sponsors.models import Placement

    n = next(_seq)
    today = timezone.localdate()
    fields.setdefault("sponsor_name", f"Sponsor {n}")
    fields.setdefault("headline", f"Headline of placement {n}")
    fields.setdefault("text", f"Text of placement {n}.")
    fields.setdefault("url", f"https://sponsor{n}.example/offer")
    fields.setdefault("starts_on", today - timedelta(days=1))
    fields.setdefault("ends_on", today + timedelta(days=7))
    fields.setdefault("runs_in_ticker", True)
    fields.setdefault("runs_in_newsletter", True)
    return Placement.objects.create(**fields)


def make_writer(**fields):
    return make_staff("Writers", **{"first_name": "Wren", "last_name": "Writer", **fields})


def image_bytes(width=1600, height=900, colour="teal", image_format="PNG", **save_options) -> bytes:
    from io import BytesIO

    from PIL import Image as Pillow

    buffer = BytesIO()
    Pillow.new("RGB", (width, height), colour).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def make_image(*, data=None, renditions=False, **fields):
    """A library image, stored as an upload would be; `renditions=True` makes them at once."""
    from images.renditions import image_renditions_store
    from images.services import image_create_from_bytes

    fields.setdefault("alt", f"Picture {next(_seq)}")
    image = image_create_from_bytes(data=data or image_bytes(), **fields)
    if renditions:
        image_renditions_store(image=image)
    return image
