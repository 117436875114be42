from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors book placements, answer enquiries and edit the /advertise/ text.
EDITOR_PERMISSIONS = [
    "add_placement",
    "change_placement",
    "delete_placement",
    "view_placement",
    "change_enquiry",
    "view_enquiry",
    "change_advertisepage",
    "view_advertisepage",
]

INTRO = """\
Our readers build, fund and regulate the systems where machine learning meets public
blockchains. They come for short, sourced briefings and stay for the discussion under them.

Everything paid on this site is labelled **Sponsored** with the sponsor's name. We load no
third-party scripts, set no tracking cookies and never sell reader data: your message reaches
people, not profiles.
"""

OFFER = """\
## What you can book

- **Sponsored briefing.** A briefing on your subject, edited to our standards and labelled as
  sponsored everywhere it appears, including feeds. From one week on the home page.
- **Press release.** Your announcement published as a sponsored briefing in our format.
- **Placement.** A headline, a line of text and an optional image under briefings, between
  cards on the home page, or as one text link at the end of the price strip.
- **Newsletter slot.** One placement in the daily digest email, the only one in that issue.

We take a limited number of sponsors at a time and turn down anything we would not read
ourselves. Prices depend on dates and slots: tell us what you have in mind.
"""


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sponsors", codename__in=EDITOR_PERMISSIONS
        )
    )
    # Historical models have no custom save(): the HTML is rendered here once.
    from articles.rendering import render_markdown

    apps.get_model("sponsors", "AdvertisePage").objects.get_or_create(
        pk=1,
        defaults={
            "title": "Advertise with us",
            "intro": INTRO,
            "offer": OFFER,
            "intro_html": render_markdown(INTRO).html,
            "offer_html": render_markdown(OFFER).html,
        },
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="sponsors")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sponsors", "0001_initial"),
        ("articles", "0002_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
