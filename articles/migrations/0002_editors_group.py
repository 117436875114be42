from django.contrib.auth.management import create_permissions
from django.db import migrations

# What an editor needs to write, schedule and publish briefings; nothing more.
EDITOR_PERMISSIONS = {
    "articles": ["add_article", "change_article", "delete_article", "view_article", "view_section"],
    "taggit": ["add_tag", "change_tag", "view_tag"],
}


def make_editors_group(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist before granting them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(make_editors_group, remove_editors_group)]
