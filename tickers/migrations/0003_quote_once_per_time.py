from django.db import migrations, models
from django.db.models import Count, Max


def drop_repeated_quotes(apps, schema_editor):
    # Earlier refreshes stored a quote again when the provider's time had not moved: keep the
    # most recently fetched row of each (coin, as_of).
    Quote = apps.get_model("tickers", "Quote")
    repeated = (
        Quote.objects.values("coin", "as_of")
        .annotate(rows=Count("id"), keep=Max("id"))
        .filter(rows__gt=1)
    )
    for row in repeated:
        Quote.objects.filter(coin=row["coin"], as_of=row["as_of"]).exclude(
            id=row["keep"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("tickers", "0002_default_coins")]

    operations = [
        migrations.RunPython(drop_repeated_quotes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.UniqueConstraint(
                fields=("coin", "as_of"), name="quote_once_per_time"
            ),
        ),
    ]
