from django.contrib.auth.management import create_permissions
from django.db import migrations

# What a moderator needs to work the comment queue; nothing more.
MODERATOR_PERMISSIONS = {
    "comments": [
        "view_comment",
        "change_comment",
        "delete_comment",
        "view_disallowedword",
        "add_disallowedword",
        "change_disallowedword",
        "delete_disallowedword",
    ],
    "articles": ["view_article"],
}


def make_moderators_group(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist before granting them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, codenames in MODERATOR_PERMISSIONS.items():
        moderators.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_moderators_group, remove_moderators_group)]
