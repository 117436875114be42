from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)


def add_form(section, **overrides):
    data = {
        "title": "Agents get wallets",
        "slug": "agents-get-wallets",
        "summary": "Software that pays its own way.",
        "body": "## What changed\n\nAgents can now hold funds.",
        "section": section.pk,
        "tags": "AI Agents, Ethereum",
        "lead_image_alt": "",
        "lead_image_credit": "",
        "status": "published",
        "publish_at_0": (timezone.now() - timedelta(minutes=1)).strftime("%Y-%m-%d"),
        "publish_at_1": (timezone.now() - timedelta(minutes=1)).strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "sponsor_name": "",
    }
    return {**data, **overrides}


def test_editor_publishes_a_briefing_through_the_add_form_and_readers_see_it(
    client, editor_client, editor
):
    section = make_section(name="Agents", slug="agents")

    response = editor_client.post(
        reverse("admin:articles_article_add"), add_form(section, author=editor.pk)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="agents-get-wallets")
    assert article.author == editor
    assert sorted(article.tags.names()) == ["AI Agents", "Ethereum"]
    assert '<h2 id="what-changed">What changed</h2>' in article.body_html
    client.logout()
    assert "Agents get wallets" in client.get("/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_add_form_suggests_the_logged_in_editor_as_author(editor_client, editor):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert response.context["adminform"].form.initial["author"] == editor.pk


def test_a_lead_image_without_alt_text_is_refused_with_the_typing_kept(editor_client, editor):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (12, 8), "navy").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "lead.png"
    section = make_section()

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {**add_form(section, author=editor.pk), "lead_image": buffer},
    )

    assert response.status_code == 200
    assert "Describe the lead image" in response.content.decode()
    assert "Agents can now hold funds." in response.content.decode()
    assert not Article.objects.exists()


def test_editor_schedules_a_briefing_for_later(editor_client, editor):
    section = make_section()
    later = timezone.now() + timedelta(days=1)

    editor_client.post(
        reverse("admin:articles_article_add"),
        add_form(
            section,
            author=editor.pk,
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
        ),
    )

    article = Article.objects.get()
    assert article.state_label == "Scheduled"
    editor_client.logout()
    assert editor_client.get(article.get_absolute_url()).status_code == 404


def test_a_briefing_published_from_the_add_form_without_a_time_is_dated_when_published(
    editor_client, editor, time_machine
):
    time_machine.move_to(NOW, tick=False)

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        add_form(make_section(), author=editor.pk, publish_at_0="", publish_at_1=""),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.status, article.publish_at) == (Article.Status.PUBLISHED, NOW)


def test_a_draft_saved_without_a_time_floats_until_the_change_form_publishes_it(
    editor_client, editor, time_machine
):
    time_machine.move_to(NOW - timedelta(days=4), tick=False)
    form = add_form(
        make_section(), author=editor.pk, status="draft", publish_at_0="", publish_at_1=""
    )
    editor_client.post(reverse("admin:articles_article_add"), form)
    draft = Article.objects.get()
    assert (draft.status, draft.publish_at) == (Article.Status.DRAFT, None)
    time_machine.move_to(NOW, tick=False)

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        {**form, "status": "published", "version": draft.version},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.status, draft.publish_at) == (Article.Status.PUBLISHED, NOW)


def test_bulk_publish_dates_floating_drafts_now_and_keeps_chosen_times(editor_client, time_machine):
    chosen = NOW - timedelta(days=2)
    time_machine.move_to(NOW - timedelta(days=4), tick=False)
    floating = make_article(status=Article.Status.DRAFT)
    timed = make_article(status=Article.Status.DRAFT, publish_at=chosen)
    time_machine.move_to(NOW, tick=False)

    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [floating.pk, timed.pk]},
    )

    floating.refresh_from_db()
    timed.refresh_from_db()
    assert (floating.publish_at, timed.publish_at) == (NOW, chosen)


def test_bulk_publish_reports_a_briefing_it_cannot_publish_and_publishes_the_rest(editor_client):
    good = make_article(title="Ready", status=Article.Status.DRAFT)
    bad = make_article(title="Odd slug", status=Article.Status.DRAFT, slug="made in a shell")

    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "“Odd slug” not published: Enter a valid “slug”" in html
    assert "1 briefing published." in html
    assert list(Article.objects.published()) == [good]
    bad.refresh_from_db()
    assert (bad.status, bad.publish_at) == (Article.Status.DRAFT, None)


def test_bulk_publish_and_unpublish(editor_client):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(3)]
    changelist = reverse("admin:articles_article_changelist")

    response = editor_client.post(
        changelist,
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
        follow=True,
    )
    assert "3 briefings published." in response.content.decode()
    assert Article.objects.published().count() == 3

    editor_client.post(changelist, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Article.objects.published().count() == 2


@pytest.mark.parametrize(
    ("state", "expected"), [("draft", {"Draft"}), ("scheduled", {"Later"}), ("live", {"Live"})]
)
def test_changelist_filters_by_state_and_searches(editor_client, state, expected):
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Later", publish_at=timezone.now() + timedelta(days=2))
    make_article(title="Live")
    changelist = reverse("admin:articles_article_changelist")

    shown = editor_client.get(changelist, {"state": state}).context["cl"].result_list

    assert {a.title for a in shown} == expected
    found = editor_client.get(changelist, {"q": "Later"}).context["cl"].result_list
    assert [a.title for a in found] == ["Later"]


def test_view_on_site_links_to_the_briefing(editor_client):
    article = make_article(status=Article.Status.DRAFT)

    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert 'class="viewsitelink"' in response.content.decode()


def test_non_staff_users_cannot_reach_the_admin(client):
    client.force_login(make_user())

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editors_group_has_exactly_what_an_editor_needs():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert {"add_article", "change_article", "delete_article", "view_article"} <= codenames
    assert {"add_tag", "change_tag", "view_section"} <= codenames
    assert not {"add_user", "change_user", "delete_section", "change_group"} & codenames


def test_tags_typed_in_the_admin_are_searchable_at_once(client, editor_client, editor):
    editor_client.post(
        reverse("admin:articles_article_add"),
        add_form(make_section(), author=editor.pk, tags="Restaking, zkML"),
    )

    client.logout()
    html = client.get(reverse("articles:search"), {"q": "zkml"}).content.decode()
    assert "Agents get wallets" in html


def test_author_profiles_are_edited_in_the_admin(admin_user, client):
    client.force_login(admin_user)

    response = client.get(reverse("admin:articles_authorprofile_add"))

    assert response.status_code == 200
    assert 'name="bio"' in response.content.decode()
