from datetime import timedelta

from django.db import migrations, models
from django.db.models import F, Q


def float_untouched_draft_times(apps, schema_editor):
    # A draft's publish time used to default to the moment the form was opened, shortly
    # before the row was created: such a time was never chosen by an editor, so it floats.
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(
        status="draft",
        publish_at__gte=F("created_at") - timedelta(hours=1),
        publish_at__lte=F("created_at"),
    ).update(publish_at=None)


def fill_floating_draft_times(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(publish_at__isnull=True).update(publish_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_discovery")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="publish_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                help_text=(
                    "Leave empty to publish with the time you publish it. "
                    "A time in the future schedules the briefing: it appears by itself then."
                ),
                null=True,
                verbose_name="publish time",
            ),
        ),
        migrations.RunPython(float_untouched_draft_times, fill_floating_draft_times),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="published_article_has_publish_time",
                violation_error_message="A published briefing needs a publish time.",
            ),
        ),
    ]
