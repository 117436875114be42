from django.contrib.auth.management import create_permissions
from django.db import migrations

from tickers.defaults import DEFAULT_COINS

EDITOR_PERMISSIONS = [
    "add_coin",
    "change_coin",
    "delete_coin",
    "view_coin",
    "view_quote",
    "view_pricerefresh",
]


def add_default_coins(apps, schema_editor):
    Coin = apps.get_model("tickers", "Coin")
    for position, (symbol, provider_id, name, _) in enumerate(DEFAULT_COINS):
        Coin.objects.get_or_create(
            provider_id=provider_id,
            defaults={"symbol": symbol, "name": name, "position": position},
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


def remove_default_coins(apps, schema_editor):
    provider_ids = [provider_id for _, provider_id, _, _ in DEFAULT_COINS]
    apps.get_model("tickers", "Coin").objects.filter(provider_id__in=provider_ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tickers", "0001_initial"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(add_default_coins, remove_default_coins)]
