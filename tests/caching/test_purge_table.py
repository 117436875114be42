"""Every model a page shows, every change to it, and the exact keys it purges once it commits.

The keys are what `core/purge.py` records and sends to Varnish; which page carries which key is
tested page by page in test_page_cache.py (`purged_after`). Nothing is purged before the commit.
"""

import pytest
from django.contrib.auth.models import Group
from taggit.models import Tag

from articles.models import Article, AuthorProfile
from articles.services import article_publish, article_unpublish
from comments.models import Comment
from comments.services import comment_delete_by_author, comments_moderate
from core import purge as purge_module
from tests.factories import (
    make_article,
    make_coin,
    make_comment,
    make_placement,
    make_section,
    make_user,
)
from tickers.models import Coin, PriceRefresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch, django_capture_on_commit_callbacks):
    """Run a change; return the keys purged once it committed (and check none before)."""

    def run(change, world):
        seen = []
        monkeypatch.setattr(purge_module, "_purge_now", lambda keys: seen.extend(keys))
        with django_capture_on_commit_callbacks(execute=True):
            change(world)
            assert seen == [], "purged before the commit"
        return set(seen)

    return run


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """A published briefing with a tag, an author with a profile, a visible comment, a coin, a
    placement; made before the change under test (their own purges are not counted)."""
    with django_capture_on_commit_callbacks(execute=False):
        author = make_user(first_name="Ada", last_name="Writer")
        AuthorProfile.objects.create(user=author, bio="Writes.")
        section = make_section()
        article = make_article(author=author, section=section, tags=["Rollups"])
        comment = make_comment(article=article, body="Seen by readers")
        pending = make_comment(article=article, status="pending", body="Held")
        placement = make_placement()
        other_section = make_section()
        group = Group.objects.create(name="Readers' club")
    tag = Tag.objects.get(name="Rollups")
    return {
        "author": author,
        "section": section,
        "article": article,
        "tag": tag,
        "comment": comment,
        "pending": pending,
        "placement": placement,
        "other_section": other_section,
        "group": group,
        "other_section_id": other_section.pk,
        "article_id": article.pk,
    }


def article_keys(w, *extra):
    a = w["article"]
    return {
        f"article:{w['article_id']}",
        "list",
        "feeds",
        f"section:{a.section_id}",
        f"author:{a.author_id}",
        f"tag:{w['tag'].pk}",
        *extra,
    }


def rename(obj, field, value):
    setattr(obj, field, value)
    obj.save()


# (what changes, the change, the keys it must purge)
CASES = [
    ("briefing: edited", lambda w: rename(w["article"], "title", "New"), article_keys),
    ("briefing: unpublished", lambda w: article_unpublish(article=w["article"]), article_keys),
    (
        "briefing: published (admin action)",
        lambda w: article_publish(article=make_article(status="draft", section=w["section"])),
        lambda w: {
            f"article:{Article.objects.latest('id').pk}",
            "list",
            "feeds",
            f"section:{w['section'].pk}",
            f"author:{Article.objects.latest('id').author_id}",
        },
    ),
    ("briefing: deleted", lambda w: w["article"].delete(), article_keys),
    (
        "briefing: moved to another section",
        lambda w: rename(w["article"], "section", w["other_section"]),
        lambda w: article_keys(w, f"section:{w['section'].pk}"),
    ),
    (
        "briefing: a tag added",
        lambda w: w["article"].tags.add("Oracles"),
        lambda w: {
            f"article:{w['article'].pk}",
            "list",
            "feeds",
            f"tag:{Tag.objects.get(name='Oracles').pk}",
        },
    ),
    (
        "briefing: tags cleared",
        lambda w: w["article"].tags.clear(),
        lambda w: {f"article:{w['article'].pk}", "list", "feeds", f"tag:{w['tag'].pk}"},
    ),
    (
        "tag: renamed",
        lambda w: rename(w["tag"], "name", "Roll-ups"),
        lambda w: {f"tag:{w['tag'].pk}", "feeds"},
    ),
    (
        "tag: deleted",
        lambda w: Tag.objects.filter(pk=w["tag"].pk).delete(),
        lambda w: {f"tag:{w['tag'].pk}", "feeds"},
    ),
    (
        "section: renamed",
        lambda w: rename(w["section"], "name", "Renamed"),
        lambda w: {"nav", f"section:{w['section'].pk}", "feeds"},
    ),
    (
        "section: created",
        lambda w: make_section(),
        lambda w: {"nav", f"section:{w['other_section'].pk + 1}", "feeds"},
    ),
    (
        "section: deleted (an empty one)",
        lambda w: w["other_section"].delete(),
        lambda w: {"nav", "feeds", f"section:{w['other_section_id']}"},
    ),
    (
        "author: renamed",
        lambda w: rename(w["author"], "first_name", "Adele"),
        lambda w: {f"author:{w['author'].pk}", f"byline:{w['author'].pk}", "feeds"},
    ),
    (
        "author: signs in (nothing shown changes)",
        lambda w: w["author"].save(update_fields=["last_login"]),
        lambda w: set(),
    ),
    (
        "author: groups changed (nothing shown changes)",
        lambda w: w["author"].groups.add(w["group"]),
        lambda w: set(),
    ),
    (
        "author profile: edited",
        lambda w: rename(w["author"].author_profile, "bio", "Now writes less."),
        lambda w: {f"author:{w['author'].pk}"},
    ),
    (
        "comment: approved one posted",
        lambda w: make_comment(article=w["article"]),
        lambda w: {f"article:{w['article'].pk}"},
    ),
    (
        "comment: pending one posted",
        lambda w: make_comment(article=w["article"], status="pending"),
        lambda w: set(),
    ),
    (
        "comment: approved in bulk",
        lambda w: comments_moderate(comments=[w["pending"]], status=Comment.Status.APPROVED),
        lambda w: {f"article:{w['article'].pk}"},
    ),
    (
        "comment: removed in bulk",
        lambda w: comments_moderate(comments=[w["comment"]], status=Comment.Status.REMOVED),
        lambda w: {f"article:{w['article'].pk}"},
    ),
    (
        "comment: pending one marked spam",
        lambda w: comments_moderate(comments=[w["pending"]], status=Comment.Status.SPAM),
        # Spam shows as a placeholder where replies need it: the thread is drawn again.
        lambda w: {f"thread:{w['article'].pk}"},
    ),
    (
        "comment: deleted by its author",
        lambda w: comment_delete_by_author(comment=w["comment"]),
        lambda w: {f"article:{w['article'].pk}"},
    ),
    (
        "comment: edited in the admin",
        lambda w: rename(w["comment"], "body", "Edited by a moderator"),
        lambda w: {f"thread:{w['article'].pk}"},
    ),
    (
        "comment: deleted in the admin",
        lambda w: Comment.objects.filter(pk=w["comment"].pk).delete(),
        lambda w: {f"article:{w['article'].pk}"},
    ),
    (
        "coin: edited",
        lambda w: rename(Coin.objects.get(symbol="BTC"), "name", "Bitcoin!"),
        lambda w: {"tickers", "coin:BTC"},
    ),
    ("coin: added", lambda w: make_coin(symbol="NEW"), lambda w: {"tickers", "coin:NEW"}),
    (
        "prices: refreshed",
        lambda w: PriceRefresh.objects.create(provider="demo", stored=3),
        lambda w: {"tickers", "coins"},
    ),
    (
        "prices: a refresh that stored nothing",
        lambda w: PriceRefresh.objects.create(provider="demo", stored=0),
        lambda w: set(),
    ),
    ("placement: booked", lambda w: make_placement(), lambda w: {"sponsors"}),
    (
        "placement: edited",
        lambda w: rename(w["placement"], "headline", "New"),
        lambda w: {"sponsors"},
    ),
    ("placement: deleted", lambda w: w["placement"].delete(), lambda w: {"sponsors"}),
]


@pytest.mark.parametrize(
    ("change", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_change_purges_exactly_its_keys_after_it_commits(purged, world, change, expected):
    keys = purged(change, world)
    assert keys == expected(world)


def test_deleting_a_briefing_purges_once_however_many_comments_it_had(
    monkeypatch, django_capture_on_commit_callbacks
):
    article = make_article()
    for _ in range(30):
        make_comment(article=article)
    purges = []
    monkeypatch.setattr(purge_module, "_purge_now", purges.append)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).delete()
    assert len(purges) == 1 and f"article:{article.pk}" in purges[0]
