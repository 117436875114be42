"""Briefings commented on before conversation counts were kept get theirs on migrating."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("articles", "0010_editors_manage_images"), ("comments", "0003_reply_emails_edits")]
AFTER = [("comments", "0004_fill_conversation_counts")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_existing_threads_get_their_conversation_count():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    article = old.get_model("articles", "Article").objects.create(
        title="Old",
        slug="old",
        summary="s",
        body="b",
        section=old.get_model("articles", "Section").objects.create(name="S", slug="s"),
        author=old.get_model("auth", "User").objects.create(username="old-author"),
        status="published",
        publish_at=timezone.now(),
    )
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

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    assert new.get_model("articles", "Article").objects.get(pk=article.pk).conversation_count == 2
