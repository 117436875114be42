import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles import demo_content
from articles.models import Article, Section

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_loads_briefings_and_an_editor_who_can_log_in(client):
    output = seed()

    assert Article.objects.published().count() == len(demo_content.BRIEFINGS) >= 12
    assert Section.objects.count() == 4
    assert Article.objects.filter(is_sponsored=True).exists()
    password = re.search(r"password `([^`]+)`", output).group(1)
    assert client.login(username="editor", password=password)
    assert client.get("/admin/articles/article/").status_code == 200


def test_seed_demo_is_idempotent_and_keeps_edits():
    first = seed()
    article = Article.objects.get(slug=demo_content.BRIEFINGS[0]["slug"])
    article.title = "Edited by a person"
    article.save()

    second = seed()

    assert Article.objects.count() == len(demo_content.BRIEFINGS)
    assert Article.objects.get(pk=article.pk).title == "Edited by a person"
    assert "0 new briefing(s)" in second
    assert re.search(r"password `[^`]+`", first).group(0) in second


def test_demo_briefings_have_sections_toc_and_tags():
    seed()

    for article in Article.objects.all():
        assert len(article.toc) >= 3, article.slug
        assert article.tags.count() >= 3, article.slug
        assert article.reading_minutes >= 2, article.slug
