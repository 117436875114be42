from django.contrib.auth.management import create_permissions
from django.db import migrations

# Writers draft and submit; whether they may touch a given briefing (their own drafts only) is
# the model's rule, Article.can_be_edited_by, enforced by articles/services.py.
WRITER_PERMISSIONS = {
    "articles": ["add_article", "change_article", "view_article", "view_section"],
    "taggit": ["add_tag", "view_tag"],
}
# Editors already write, schedule and delete (0002); now they also publish and edit anyone's.
EDITOR_PERMISSIONS = {"articles": ["publish_article", "edit_any_article"]}


def _permissions(apps, by_app):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in by_app.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def forwards(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist before granting them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    writers, _ = Group.objects.get_or_create(name="Writers")
    writers.permissions.add(*_permissions(apps, WRITER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps, EDITOR_PERMISSIONS))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Writers").delete()
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*_permissions(apps, EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_newsroom"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
