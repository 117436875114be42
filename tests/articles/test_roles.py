"""Writers draft and submit; editors review, publish, schedule and send back. Enforced on the
server: what a form hides, a forged POST cannot do."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import (
    article_publish,
    article_save,
    article_send_back,
    article_submit,
    article_unpublish,
)
from staff.models import AuditEvent
from tests.articles.forms import change_form
from tests.factories import make_article, make_editor, make_section

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def new_briefing(section, **overrides):
    return {
        "title": "Agents get wallets",
        "slug": "agents-get-wallets",
        "summary": "Software that pays its own way.",
        "body": "## What changed\n\nAgents can now hold funds.",
        "section": section.pk,
        "tags": "AI Agents",
        "lead_image_alt": "",
        "lead_image_credit": "",
        "comments_enabled": "on",
        "sponsor_name": "",
        **overrides,
    }


def permissions(group):
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_groups_have_exactly_what_they_need():
    assert permissions("Writers") == {
        "add_article",
        "change_article",
        "view_article",
        "view_section",
        "add_tag",
        "view_tag",
    }
    editors = permissions("Editors")
    assert {"publish_article", "edit_any_article", "delete_article"} <= editors
    assert "view_placement" in editors and "view_subscriber" in editors  # where they were
    moderators = permissions("Moderators")
    assert {"change_comment", "delete_comment"} <= moderators
    assert not {"change_article", "publish_article"} & moderators


def test_a_writer_drafts_a_briefing_under_their_own_name(client, writer):
    client.force_login(writer)

    response = client.post(reverse("admin:articles_article_add"), new_briefing(make_section()))

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.status, article.author) == (Article.Status.DRAFT, writer)


def test_a_writers_forged_post_with_status_published_leaves_the_briefing_unpublished(
    client, writer
):
    client.force_login(writer)
    soon = timezone.localtime() - timedelta(minutes=5)
    forged = new_briefing(
        make_section(),
        status="published",
        publish_at_0=soon.strftime("%Y-%m-%d"),
        publish_at_1=soon.strftime("%H:%M:%S"),
    )

    client.post(reverse("admin:articles_article_add"), forged)
    article = Article.objects.get()
    client.post(change_url(article), change_form(article, status="published"))
    response = client.post(change_url(article), {**change_form(article), "_publish": "1"})

    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Article.Status.DRAFT, None)
    assert "Only editors publish" in response.content.decode()
    assert not Article.objects.published().exists()
    assert client.get(article.get_absolute_url()).status_code == 200  # staff preview only


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda writer: make_article(author=writer), id="published"),
        pytest.param(
            lambda writer: make_article(
                author=writer, publish_at=timezone.now() + timedelta(days=1)
            ),
            id="scheduled",
        ),
        pytest.param(
            lambda writer: make_article(status=Article.Status.DRAFT), id="someone-elses-draft"
        ),
        pytest.param(
            lambda writer: make_article(author=writer, status=Article.Status.REVIEW),
            id="submitted",
        ),
    ],
)
def test_a_writer_cannot_edit_what_is_published_or_not_theirs(client, writer, make):
    article = make(writer)
    client.force_login(writer)

    response = client.post(change_url(article), change_form(article, title="Changed"))

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title != "Changed"
    with pytest.raises(PermissionDenied):
        article.title = "Changed"
        article_save(article=article, user=writer)


def test_the_services_refuse_a_writer_each_editors_move(writer):
    draft = make_article(author=writer, status=Article.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        article_publish(article=draft, user=writer)
    draft.publish_at = timezone.now() + timedelta(days=1)
    with pytest.raises(PermissionDenied, match="publish time"):
        article_save(article=draft, user=writer)
    published = make_article(author=writer)
    with pytest.raises(PermissionDenied):
        article_unpublish(article=published, user=writer)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_the_change_form_offers_a_writer_submit_and_no_status(client, writer):
    article = make_article(author=writer, status=Article.Status.DRAFT)
    client.force_login(writer)

    html = client.get(change_url(article)).content.decode()

    assert 'name="_submit_review"' in html
    assert 'name="status"' not in html and 'name="publish_at_0"' not in html


def test_submitting_puts_it_in_the_queue_audits_and_emails_the_editors(
    client, writer, smtp_server, run_tasks
):
    editor = make_editor(email="eda@example.org")
    article = make_article(author=writer, status=Article.Status.DRAFT, title="Ready for you")
    client.force_login(writer)

    response = client.post(change_url(article), {**change_form(article), "_submit_review": "1"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert AuditEvent.objects.filter(action="submit", actor=writer).exists()
    client.force_login(editor)
    queue = client.get(reverse("admin:articles_articleinreview_changelist"))
    assert "Ready for you" in queue.content.decode()

    run_tasks()

    [message] = smtp_server.to("eda@example.org")
    assert "Ready for you" in message["Subject"]
    assert message["From"]  # the site's sender, as every email
    text = message.get_body(("plain",)).get_content()
    assert f"/admin/articles/article/{article.pk}/change/" in text


def test_writers_do_not_see_the_review_queue(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_articleinreview_changelist"))

    assert response.status_code == 403


def test_an_editor_sends_it_back_with_a_note_the_writer_sees(client, writer, editor):
    article = make_article(author=writer, status=Article.Status.DRAFT)
    article_submit(article=article, user=writer)
    client.force_login(editor)

    missing = client.post(change_url(article), {**change_form(article), "_send_back": "1"})
    assert "Tell the writer what to change." in missing.content.decode()
    response = client.post(
        change_url(article),
        {
            **change_form(article),
            "_send_back": "1",
            "review_note_text": "Source the 40% figure, please.",
        },
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert AuditEvent.objects.filter(action="send-back", detail__contains="40%").exists()
    client.force_login(writer)
    html = client.get(change_url(article)).content.decode()
    assert "Sent back by Eda Tor" in html
    assert "Source the 40% figure, please." in html


def test_an_editor_publishes_or_schedules_from_the_review(client, writer, editor):
    now_one = make_article(author=writer, status=Article.Status.DRAFT)
    later = make_article(author=writer, status=Article.Status.DRAFT)
    for article in (now_one, later):
        article_submit(article=article, user=writer)
    client.force_login(editor)
    tomorrow = timezone.localtime() + timedelta(days=1)

    client.post(change_url(now_one), {**change_form(now_one), "_publish": "1"})
    client.post(
        change_url(later),
        {
            **change_form(later),
            "_publish": "1",
            "publish_at_0": tomorrow.strftime("%Y-%m-%d"),
            "publish_at_1": tomorrow.strftime("%H:%M:%S"),
        },
    )

    now_one.refresh_from_db()
    later.refresh_from_db()
    assert now_one.is_published and later.is_scheduled
    assert AuditEvent.objects.filter(action="publish").count() == 2


def test_only_briefings_in_review_can_be_sent_back(editor):
    article = make_article(status=Article.Status.DRAFT)

    with pytest.raises(PermissionDenied):
        article_send_back(article=article, user=editor, note="No.")


def test_an_unpublish_is_audited(editor):
    article = make_article()

    article_unpublish(article=article, user=editor)

    event = AuditEvent.objects.get(action="unpublish")
    assert (event.actor, event.target_id) == (editor, str(article.pk))


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.DRAFT])
def test_the_send_back_button_refuses_a_briefing_not_in_review(client, editor, status):
    article = make_article(status=status)
    client.force_login(editor)

    response = client.post(
        change_url(article),
        {**change_form(article), "_send_back": "1", "review_note_text": "Redo it."},
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.status, article.review_note) == (status, "")
    assert not AuditEvent.objects.filter(action__in=["send-back", "unpublish"]).exists()
