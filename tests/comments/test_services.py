import pytest
from django.contrib.auth.models import Group

from comments.models import Comment
from comments.selectors import comment_tree_for, conversations
from comments.services import (
    CommentRefused,
    comment_create,
    comments_changed,
    comments_moderate,
)
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db
Status = Comment.Status


def create(article, parent=None, **fields):
    values = {"name": "Nadia", "email": "nadia@example.org", "body": "Hello there."}
    return comment_create(article=article, parent=parent, **{**values, **fields})


def test_a_first_comment_is_held_and_not_counted():
    article = make_article()
    comment = create(article)
    article.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.moderation_note == "First comment from this address."
    assert article.comment_count == 0


def test_approving_counts_the_comment_and_approves_the_author_next_time():
    article = make_article()
    held = create(article)
    comments_moderate(comments=[held], status=Status.APPROVED)
    article.refresh_from_db()
    assert article.comment_count == 1
    assert create(article, body="Second thought").status == Status.APPROVED
    article.refresh_from_db()
    assert article.comment_count == 2


def test_removing_and_marking_spam_keep_the_count_right():
    article = make_article()
    comments = [make_comment(article=article) for _ in range(3)]
    assert comments_moderate(ids=[comments[0].pk], status=Status.REMOVED) == 1
    assert comments_moderate(ids=[comments[1].pk], status=Status.SPAM) == 1
    article.refresh_from_db()
    assert article.comment_count == 1


def test_path_and_depth_are_kept_on_insert_and_capped_at_the_max_depth(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    article = make_article()
    level0 = make_comment(article=article)
    level1 = make_comment(parent=level0)
    level2 = make_comment(parent=level1)
    deeper = make_comment(parent=level2)
    assert [c.depth for c in (level0, level1, level2, deeper)] == [0, 1, 2, 2]
    assert level2.path_ids == [level0.pk, level1.pk, level2.pk]
    # Shown beside the comment it answers, under the same ancestor.
    assert deeper.path_ids == [level0.pk, level1.pk, deeper.pk]
    assert deeper.parent == level2


@pytest.mark.parametrize("parent_status", [Status.PENDING, Status.SPAM, Status.REMOVED])
def test_a_reply_needs_an_approved_parent(parent_status):
    parent = make_comment(status=parent_status)
    with pytest.raises(CommentRefused, match="only reply to a published comment"):
        create(parent.article, parent=parent)
    assert Comment.objects.count() == 1


def test_a_reply_needs_a_parent_on_the_same_briefing():
    parent = make_comment()
    with pytest.raises(CommentRefused):
        create(make_article(), parent=parent)


def test_a_moderator_reply_is_approved_and_marked_as_team():
    moderator = make_user(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    parent = make_comment()
    reply = create(parent.article, parent=parent, user=moderator, body="From us.")
    assert reply.status == Status.APPROVED
    assert reply.is_team and reply.user == moderator


def test_a_reader_account_is_not_trusted_or_stored():
    reader = make_user()
    comment = create(make_article(), user=reader)
    assert comment.status == Status.PENDING
    assert not comment.is_team and comment.user is None


WORKER = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@WORKER
def test_moderators_are_emailed_about_held_comments_by_the_worker(settings, smtp_server, run_tasks):
    settings.COMMENTS_NOTIFY_MODERATORS = True
    moderator = make_user(email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    create(make_article(title="Restaking"), body="Please look.")
    assert smtp_server.messages == []  # never during the request
    run_tasks()
    [message] = smtp_server.messages
    assert message.envelope_to == ["mod@example.org"]
    assert "Restaking" in message["Subject"]
    assert "Please look." in message.get_content()


@WORKER
def test_no_email_when_the_switch_is_off(smtp_server, run_tasks):
    moderator = make_user(email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    create(make_article())
    run_tasks()
    assert smtp_server.messages == []


def test_the_tree_is_in_reading_order_with_tombstones_only_where_needed():
    article = make_article()
    first = make_comment(article=article, name="First")
    make_comment(parent=first, name="Reply")
    make_comment(article=article, name="Second")
    lonely_removed = make_comment(article=article, name="Gone")
    held = make_comment(article=article, status=Status.PENDING, name="Held")
    comments_moderate(ids=[first.pk, lonely_removed.pk], status=Status.REMOVED)

    thread = comment_tree_for(article)
    assert [(n.comment.name, n.depth, n.is_tombstone) for n in thread.nodes] == [
        ("First", 0, True),
        ("Reply", 1, False),
        ("Second", 0, False),
    ]
    assert [len(n.closes) for n in thread.nodes] == [0, 1, 0]

    mine = comment_tree_for(article, pending_ids=[held.pk])
    assert mine.nodes[-1].comment.pk == held.pk and mine.nodes[-1].is_pending


def test_seed_comments_is_idempotent():
    from comments.demo import seed_comments

    articles = [make_article(), make_article()]
    assert seed_comments(articles) == 10
    assert seed_comments(articles) == 0
    articles[0].refresh_from_db()
    assert articles[0].comment_count == 5
    assert Comment.objects.filter(is_team=True).count() == 2


def test_hidden_comments_without_replies_are_not_even_loaded(django_assert_num_queries):
    article = make_article()
    for _ in range(5):
        make_comment(article=article, status=Status.SPAM)
    kept = make_comment(article=article)
    with django_assert_num_queries(1) as queries:
        thread = comment_tree_for(article)
    assert [node.comment.pk for node in thread.nodes] == [kept.pk]
    assert "EXISTS" in queries.captured_queries[0]["sql"]


def test_the_conversation_count_follows_every_change_that_shows_or_hides_one():
    """The thread's pager reads Article.conversation_count instead of counting on each render:
    it must agree with a count of what readers see after posts, moderation and deletes."""
    article = make_article()

    def kept_and_counted():
        article.refresh_from_db()
        return article.conversation_count, conversations().filter(article=article).count()

    first, second = make_comment(article=article), make_comment(article=article)
    reply = make_comment(parent=first)
    assert kept_and_counted() == (2, 2)
    create(article, email="new@example.org")  # held: not shown to readers
    assert kept_and_counted() == (2, 2)
    comments_moderate(comments=[second], status=Status.SPAM)  # gone, nothing hangs under it
    assert kept_and_counted() == (1, 1)
    comments_moderate(comments=[first], status=Status.REMOVED)  # a tombstone above its reply
    assert kept_and_counted() == (1, 1)
    reply.delete()
    comments_changed(article_ids=[article.pk])  # as the admin does after a delete
    assert kept_and_counted() == (0, 0)
