from django.db import migrations


def rerender_code_blocks(apps, schema_editor):
    # body_html is derived on save; briefings saved before code highlighting get it now.
    from articles.rendering import render_markdown

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(body__contains="```").only("pk", "body"):
        Article.objects.filter(pk=article.pk).update(body_html=render_markdown(article.body).html)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_floating_publish_time")]

    operations = [migrations.RunPython(rerender_code_blocks, migrations.RunPython.noop)]
