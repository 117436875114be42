import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
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


def test_seed_demo_seeds_every_app_with_a_demo_hook_in_installed_apps_order():
    from comments.models import Comment
    from tickers.models import Coin

    output = seed()

    lines = output.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [
        "Demo content ready",
        "Demo comments",
        "Prices ready",
    ]
    assert Comment.objects.exists()
    assert Coin.objects.filter(quotes__isnull=False).distinct().count() == 17


def test_articles_depends_on_neither_comments_nor_tickers():
    """comments and tickers may import articles; articles imports neither (no cycle)."""
    root = Path(__file__).resolve().parents[2] / "articles"
    imported = set()
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add((node.module.split(".")[0], source.relative_to(root.parent)))
            elif isinstance(node, ast.Import):
                imported.update(
                    (a.name.split(".")[0], source.relative_to(root.parent)) for a in node.names
                )

    assert {
        (module, str(path)) for module, path in imported if module in {"comments", "tickers"}
    } == set()


def test_seed_demo_prints_a_writer_login_with_writers_rights_and_the_editor_has_editors(client):
    output = seed()

    password = re.search(r"Writer login: username `writer`, password `([^`]+)`", output).group(1)
    assert client.login(username="writer", password=password)
    assert client.get("/admin/articles/article/add/").status_code == 200
    assert client.get("/admin/articles/articleinreview/").status_code == 403
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("articles.publish_article")
    assert not get_user_model().objects.get(username="writer").has_perm("articles.publish_article")
