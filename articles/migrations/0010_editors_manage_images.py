from django.contrib.auth.management import create_permissions
from django.db import migrations

IMAGE_PERMISSIONS = ["add_image", "change_image", "delete_image", "view_image"]


def grant(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist before granting them.
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="images", codename__in=IMAGE_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_library_images"), ("images", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
