"""Fill Article.conversation_count (articles 0011) as comments.services keeps it from now on."""

from django.db import migrations
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    # selectors._public() as it stands today: approved, or removed or spam with replies.
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    public = Q(status="approved") | Q(has_replies, status__in=["removed", "spam"])
    conversations = (
        Comment.objects.filter(public, depth=0, article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.update(conversation_count=Coalesce(Subquery(conversations), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_conversation_count"),
        ("comments", "0003_reply_emails_edits"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
