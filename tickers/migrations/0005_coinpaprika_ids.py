from django.contrib.auth.management import create_permissions
from django.db import migrations

from tickers.defaults import COINPAPRIKA_IDS

EDITOR_PERMISSIONS = ["view_providerhealth", "view_heldquote"]


def map_default_coins(apps, schema_editor):
    Coin = apps.get_model("tickers", "Coin")
    taken = set(Coin.objects.exclude(coinpaprika_id="").values_list("coinpaprika_id", flat=True))
    for coingecko_id, coinpaprika_id in COINPAPRIKA_IDS.items():
        if coinpaprika_id not in taken:
            Coin.objects.filter(provider_id=coingecko_id, coinpaprika_id="").update(
                coinpaprika_id=coinpaprika_id
            )

    # Permissions are normally created after migrate; make sure they exist before granting them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tickers", codename__in=EDITOR_PERMISSIONS
        )
    )


def unmap_default_coins(apps, schema_editor):
    apps.get_model("tickers", "Coin").objects.filter(
        provider_id__in=COINPAPRIKA_IDS, coinpaprika_id__in=COINPAPRIKA_IDS.values()
    ).update(coinpaprika_id="")


class Migration(migrations.Migration):
    dependencies = [("tickers", "0004_providers_health_held_quotes")]

    operations = [migrations.RunPython(map_default_coins, unmap_default_coins)]
