"""No lost update: a save from an outdated copy is refused, in the form and in the services."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import locks
from articles.admin import ArticleAdminForm
from articles.models import Article, EditConflict
from articles.services import article_publish, article_save
from tests.articles.forms import change_form
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_save_from_an_outdated_copy_is_refused_in_the_same_update():
    article = make_article(title="Original")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.title = "First save"
    first.save()

    second.title = "Second save"
    with pytest.raises(EditConflict), transaction.atomic():
        second.save()

    article.refresh_from_db()
    assert (article.title, article.version) == ("First save", 2)


def test_the_publish_service_refuses_an_outdated_copy():
    article = make_article(status=Article.Status.DRAFT)
    stale = Article.objects.get(pk=article.pk)
    article.body = "Newer text."
    article.save()

    with pytest.raises(EditConflict):
        article_publish(article=stale)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.body == "Newer text."


def test_the_change_form_from_an_outdated_copy_is_refused_and_shows_what_changed(client, editor):
    other = make_editor(first_name="Ana", last_name="Lopez")
    article = make_article(title="Original", body="Line one.\n\nThe market rose.")
    mine = change_form(article, body="Line one.\n\nThe market rose sharply, my edit.")
    article_save(article=article, user=other)  # Ana's first save: the revision I loaded
    mine["version"] = article.version
    article.body = "Line one.\n\nThe market fell."
    article_save(article=article, user=other)
    client.force_login(editor)

    response = client.post(change_url(article), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone saved this briefing after you opened it" in html
    assert "Ana Lopez" in html  # who
    assert "The market rose sharply, my edit." in html  # my text, kept in the form
    assert "<del>rose</del>" in html and "<ins>fell</ins>" in html  # what changed meanwhile
    assert 'name="take_theirs" value="body"' in html
    article.refresh_from_db()
    assert article.body == "Line one.\n\nThe market fell."  # nothing saved
    # The form now carries the new version: saving again keeps mine, having seen theirs.
    assert response.context["adminform"].form["version"].value() == article.version


def test_after_a_conflict_the_editor_keeps_some_fields_and_takes_theirs_for_others(
    editor_client, editor
):
    article = make_article(title="Original title", summary="Original summary.")
    mine = change_form(article, title="My title", summary="My summary.")
    article.title, article.summary = "Their title", "Their summary."
    article_save(article=article, user=make_editor())

    refused = editor_client.post(change_url(article), mine)
    resolved = {
        **mine,
        "version": refused.context["adminform"].form["version"].value(),
        "take_theirs": ["summary"],
    }
    response = editor_client.post(change_url(article), resolved)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert (article.title, article.summary) == ("My title", "Their summary.")


def test_a_form_without_its_version_is_refused(editor_client):
    article = make_article(title="Kept")

    response = editor_client.post(change_url(article), change_form(article, version="", title="X"))

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Kept"


def test_a_bulk_action_on_a_briefing_changed_meanwhile_is_reported_not_applied(
    editor_client, monkeypatch
):
    article = make_article(status=Article.Status.DRAFT)
    real_save = Article.save

    def someone_saves_first(self, *args, **kwargs):
        # Another editor's save lands between the action's read and its write.
        Article.objects.filter(pk=self.pk).update(version=self.version + 5)
        monkeypatch.setattr(Article, "save", real_save)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", someone_saves_first)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )

    assert "not published" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


# --- The soft editing notice ------------------------------------------------------------------


def test_others_opening_a_briefing_see_who_is_editing_it_since_when(client, editor):
    ana = make_editor(first_name="Ana", last_name="Lopez")
    article = make_article()
    client.force_login(ana)
    client.get(change_url(article))
    since = timezone.localtime(locks.others_editing(article=article, user=editor)[0].since)

    client.force_login(editor)
    response = client.get(change_url(article))

    assert f"Ana Lopez has been editing this since {since:%H:%M}." in response.content.decode()


def test_the_notice_expires_by_itself_and_goes_when_the_form_is_saved(client, editor):
    ana = make_editor(first_name="Ana", last_name="Lopez")
    article = make_article()
    locks.presence_record(article=article, user=ana)

    later = timezone.now() + timedelta(minutes=locks.OPEN_MINUTES + 1)
    assert locks.others_editing(article=article, user=editor, now=later) == []

    client.force_login(ana)
    client.post(change_url(article), change_form(article))
    assert locks.others_editing(article=article, user=editor) == []


def test_the_heartbeat_keeps_the_presence_fresh_and_returns_the_others(client, editor):
    ana = make_editor(first_name="Ana", last_name="Lopez")
    article = make_article()
    locks.presence_record(article=article, user=ana)
    client.force_login(editor)
    url = reverse("admin:articles_article_editing", args=[article.pk])

    response = client.post(url)

    assert response.status_code == 200
    assert response.json()["notices"][0].startswith("Ana Lopez has been editing this since")
    assert [p.user for p in locks.others_editing(article=article, user=ana)] == [editor]
    client.post(url, {"release": "1"})
    assert locks.others_editing(article=article, user=ana) == []


def test_the_change_form_carries_the_version_it_was_loaded_with(editor_client):
    article = make_article()
    article.save()

    response = editor_client.get(change_url(article))

    assert '<input type="hidden" name="version" value="2"' in response.content.decode()


def test_a_save_racing_past_the_forms_check_is_refused_and_the_form_shown_again(
    editor_client, editor, monkeypatch
):
    article = make_article(title="Original")
    mine = change_form(article, title="Mine")
    article.title = "Theirs stays"
    article_save(article=article, user=make_editor())
    real_check = ArticleAdminForm._check_version

    def check_passes_once(form, cleaned_data):
        # As if their save landed just after this check: only the UPDATE can notice.
        monkeypatch.setattr(ArticleAdminForm, "_check_version", real_check)
        form.instance.version = cleaned_data["version"]

    monkeypatch.setattr(ArticleAdminForm, "_check_version", check_passes_once)
    response = editor_client.post(change_url(article), mine)

    assert response.status_code == 200
    assert "Someone saved this briefing after you opened it" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Theirs stays"
