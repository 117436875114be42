"""Briefings commented on before conversation counts were kept get theirs on migrating."""

from django.utils import timezone

from tests.factories import make_historical_article

BEFORE = [("articles", "0010_editors_manage_images"), ("comments", "0003_reply_emails_edits")]
AFTER = [("comments", "0004_fill_conversation_counts")]


def test_existing_threads_get_their_conversation_count(migrate_to):
    old = migrate_to(BEFORE)
    article = make_historical_article(old)
    Comment = old.get_model("comments", "Comment")

    def comment(path, status="approved", parent=None):
        return Comment.objects.create(
            article=article,
            parent=parent,
            path=path,
            depth=len(path) // 12 - 1,
            status=status,
            name="Reader",
            email="reader@example.org",
            body="Words.",
            created_at=timezone.now(),
        )

    comment("1".zfill(12))
    removed = comment("2".zfill(12), status="removed")  # shown: a reply hangs under it
    comment("2".zfill(12) + "3".zfill(12), parent=removed)
    comment("4".zfill(12), status="spam")  # not shown: nothing under it
    comment("5".zfill(12), status="pending")

    new = migrate_to(AFTER)
    assert new.get_model("articles", "Article").objects.get(pk=article.pk).conversation_count == 2
