"""Huge threads: pages of whole conversations, permalinks that find their page, constant cost."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import PATH_STEP, Comment
from comments.services import comment_counts_refresh
from tests.comments.conftest import form_data
from tests.factories import make_article, make_coin, make_comment, make_placement, make_quote

pytestmark = pytest.mark.django_db
Status = Comment.Status


def bulk_thread(article, *, conversations: int, replies_each: int) -> list[Comment]:
    """Many approved comments fast: roots, then replies under each, paths as the service sets."""
    now = timezone.now()

    def new(parent=None):
        return Comment(
            article=article,
            parent=parent,
            name="Reader",
            email="reader@example.org",
            body="Words.",
            body_html="<p>Words.</p>",
            status=Status.APPROVED,
            created_at=now,
        )

    roots = Comment.objects.bulk_create([new() for _ in range(conversations)])
    for root in roots:
        root.path = str(root.pk).zfill(PATH_STEP)
    Comment.objects.bulk_update(roots, ["path"])
    replies = Comment.objects.bulk_create(
        [new(root) for root in roots for _ in range(replies_each)]
    )
    for reply in replies:
        reply.path, reply.depth = reply.parent.path + str(reply.pk).zfill(PATH_STEP), 1
    Comment.objects.bulk_update(replies, ["path", "depth"], batch_size=2000)
    comment_counts_refresh(article_ids=[article.pk])
    article.refresh_from_db()
    return roots


def ids_on(html) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


@pytest.fixture
def three_per_page(settings):
    settings.COMMENTS_PER_PAGE = 3
    settings.COMMENTS_PAGE_ORDER = "oldest"


def test_a_long_thread_is_paged_by_whole_conversations(client, three_per_page, settings):
    article = make_article()
    roots = [make_comment(article=article) for _ in range(7)]
    reply = make_comment(parent=roots[3])
    deeper = make_comment(parent=reply)
    article.refresh_from_db()

    first = client.get(article.get_absolute_url()).content.decode()
    assert ids_on(first) == [r.pk for r in roots[:3]]
    next_link = f'rel="next" href="{article.get_absolute_url()}?cpage=2#comments"'
    assert f'<a class="comment-pager__next" {next_link}>' in first
    assert 'rel="prev"' not in first
    second = client.get(article.get_absolute_url(), {"cpage": 2}).content.decode()
    assert ids_on(second) == [roots[3].pk, reply.pk, deeper.pk, roots[4].pk, roots[5].pk]
    assert f'rel="prev" href="{article.get_absolute_url()}#comments"' in second
    assert "Page 2 of 3" in second
    # The canonical URL stays the briefing's; Reply links keep the page.
    canonical = f'<link rel="canonical" href="{settings.SITE_URL}{article.get_absolute_url()}">'
    assert canonical in second
    assert f"?cpage=2&amp;replyto={reply.pk}#respond" in second
    third = client.get(article.get_absolute_url(), {"cpage": 3}).content.decode()
    assert ids_on(third) == [roots[6].pk] and 'rel="next"' not in third


@pytest.mark.parametrize("cpage", ["0", "4", "abc", "-1", "99999999999999999999"])
def test_a_page_that_does_not_exist_shows_the_first(client, three_per_page, cpage):
    article = make_article()
    roots = [make_comment(article=article) for _ in range(7)]
    article.refresh_from_db()
    response = client.get(article.get_absolute_url(), {"cpage": cpage})
    assert response.status_code == 200
    assert ids_on(response.content.decode()) == [r.pk for r in roots[:3]]


def test_newest_first_puts_the_latest_conversations_on_the_first_page(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    settings.COMMENTS_PAGE_ORDER = "newest"
    article = make_article()
    roots = [make_comment(article=article) for _ in range(7)]
    reply = make_comment(parent=roots[6])
    article.refresh_from_db()
    first = client.get(article.get_absolute_url()).content.decode()
    assert ids_on(first) == [roots[6].pk, reply.pk, roots[5].pk, roots[4].pk]
    assert "Older comments →" in first
    last = client.get(article.get_absolute_url(), {"cpage": 3}).content.decode()
    assert ids_on(last) == [roots[0].pk]
    response = client.get(reverse("comments:permalink", args=[roots[1].pk]))
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{roots[1].pk}"


def test_a_permalink_lands_on_the_page_that_holds_the_comment(client, three_per_page):
    article = make_article()
    roots = [make_comment(article=article) for _ in range(7)]
    reply = make_comment(parent=roots[4])
    article.refresh_from_db()
    response = client.get(reverse("comments:permalink", args=[reply.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"
    response = client.get(reverse("comments:permalink", args=[roots[0].pk]))
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{roots[0].pk}"


@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.REMOVED])
def test_a_permalink_to_a_hidden_or_unknown_comment_is_404(client, status):
    hidden = make_comment(status=status)
    assert client.get(reverse("comments:permalink", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("comments:permalink", args=[hidden.pk + 99])).status_code == 404


def test_posting_a_reply_returns_to_the_page_that_holds_it(client, three_per_page):
    article = make_article()
    roots = [make_comment(article=article) for _ in range(7)]
    make_comment(article=article, email="nadia@example.org")  # approved before: published at once
    article.refresh_from_db()
    response = client.post(reverse("comments:post"), form_data(article, parent=roots[4].pk))
    reply = Comment.objects.get(parent=roots[4])
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"


@pytest.mark.parametrize("size", [10, 5000])
def test_each_page_costs_the_same_queries_whatever_the_thread(
    client, django_assert_max_num_queries, settings, size
):
    settings.COMMENTS_PER_PAGE = 5
    article = make_article(tags=["Scale"])
    bulk_thread(article, conversations=size // 2, replies_each=1)
    client.get("/")  # warms the cached navigation and price strip, as on a running site
    for cpage in (1, 2):
        # The briefing, its tags, related briefings; the thread: page bounds, the page (the
        # number of pages comes with the briefing: Article.conversation_count).
        with django_assert_max_num_queries(5):
            response = client.get(article.get_absolute_url(), {"cpage": cpage})
        assert len(ids_on(response.content.decode())) == 10
    # Drawn once per change: the next reader of that page costs no thread query at all.
    with django_assert_max_num_queries(3):
        client.get(article.get_absolute_url(), {"cpage": 2})


@pytest.mark.parametrize("size", [10, 300])
def test_with_every_cache_off_the_page_costs_the_same_statements_whatever_the_thread(
    client, django_assert_num_queries, settings, size
):
    """The cold page of `bench/comments_thread.py dummy`: Django's dummy cache, so the strip,
    navigation, sponsors and scheduled changes are read on every view, as is the thread."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.PAGE_CACHE_SECONDS = 300  # on, as in production, with nowhere to keep a page
    make_quote(make_coin())
    make_placement()
    article = make_article()
    bulk_thread(article, conversations=size // 3, replies_each=2)
    # The briefing and its tags; the strip's coins, its sponsor; the sections (header and
    # footer); the thread; the briefing's sponsor; the page cache's two scheduled changes.
    with django_assert_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert len(ids_on(response.content.decode())) == size // 3 * 3
