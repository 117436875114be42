"""Preview links: made and revoked in the admin, opened by someone without an account."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Article, PreviewLink
from articles.services import preview_link_create, preview_link_revoke
from staff.models import AuditEvent
from tests.factories import (
    make_article,
    make_comment,
    make_editor,
    make_image,
    make_user,
    make_writer,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"


@pytest.fixture
def draft():
    return make_article(
        title="Restaking under review",
        slug="restaking-under-review",
        status=Article.Status.DRAFT,
        body="## The numbers\n\nSecret figures before launch.",
    )


def link_for(article, *, days=7, by=None, **kwargs):
    """A preview link and its path, made through the service."""
    link, token = preview_link_create(
        article=article, created_by=by or make_editor(), days=days, **kwargs
    )
    return link, reverse("articles:preview", kwargs={"token": token})


def create_url(article):
    return reverse("admin:articles_article_preview_create", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# --- Making links in the admin ----------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_editor_makes_a_link_from_the_change_page_and_sees_it_once(editor_client, editor, draft):
    page = editor_client.get(change_url(draft))
    assert 'id="preview-links"' in page.content.decode()
    assert 'name="preview-days"' in page.content.decode()

    response = editor_client.post(
        create_url(draft), {"preview-days": "7", "preview-label": "our lawyer"}, follow=True
    )

    assert response.redirect_chain[-1][0] == change_url(draft) + "#preview-links"
    message = str(next(iter(response.context["messages"])))
    url = re.search(r'href="([^"]+/preview/[^"]+/)"', message)[1]
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = PreviewLink.objects.get()
    assert link.article == draft and link.created_by == editor and link.label == "our lawyer"
    assert link.created_at == NOW and link.expires_at == NOW + timedelta(days=7)
    assert link.token_hash == PreviewLink.hash_token(token) and token not in link.token_hash
    assert "working until 8 Dec 2026, 09:00" in message
    # Listed on the change page, without the address (only its hash is kept).
    again = editor_client.get(change_url(draft)).content.decode()
    assert "our lawyer" in again and "1 active" in again and token not in again


@time_machine.travel(NOW, tick=False)
def test_the_editor_chooses_how_long_a_link_works(editor_client, draft):
    editor_client.post(create_url(draft), {"preview-days": "14"})

    assert PreviewLink.objects.get().expires_at == NOW + timedelta(days=14)


@pytest.mark.parametrize("days", ["0", "365", "seven", ""])
def test_a_length_not_on_the_list_is_refused_with_a_message(editor_client, draft, days):
    response = editor_client.post(create_url(draft), {"preview-days": days}, follow=True)

    assert "Choose how long the link works" in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_a_published_briefing_gets_no_new_link(editor_client):
    article = make_article(title="Already out")

    response = editor_client.post(create_url(article), {"preview-days": "7"}, follow=True)

    assert "is published: send its address instead" in response.content.decode()
    assert not PreviewLink.objects.exists()
    assert "preview links now open" in response.content.decode()


def test_a_scheduled_briefing_gets_a_link(editor_client):
    article = make_article(publish_at=datetime(2099, 1, 1, tzinfo=UTC))

    editor_client.post(create_url(article), {"preview-days": "3"})

    assert PreviewLink.objects.filter(article=article).count() == 1


@pytest.fixture
def viewer(db):
    """Staff who may read briefings in the admin but not change them."""
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


def test_staff_without_the_change_permission_can_neither_make_nor_revoke(client, viewer, draft):
    link, _ = link_for(draft)
    client.force_login(viewer)

    page = client.get(change_url(draft)).content.decode()
    made = client.post(create_url(draft), {"preview-days": "7"})
    revoked = client.post(
        reverse("admin:articles_article_preview_revoke", args=[draft.pk, link.pk])
    )

    assert 'id="preview-links"' in page and 'name="preview-days"' not in page
    assert "Revoke</button>" not in page
    assert made.status_code == revoked.status_code == 403
    assert PreviewLink.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None
    with pytest.raises(PermissionDenied):
        preview_link_create(article=draft, created_by=viewer)


def test_a_writer_sends_round_only_what_they_may_edit(client, draft):
    """A writer opening someone else's briefing reads its change page without the forms the
    handlers would refuse, and the services refuse them too."""
    writer = make_writer(username="wren")
    link, _ = link_for(draft)
    client.force_login(writer)

    page = client.get(change_url(draft)).content.decode()

    assert 'id="preview-links"' in page and 'name="preview-days"' not in page
    assert "Revoke</button>" not in page
    with pytest.raises(PermissionDenied):
        preview_link_create(article=draft, created_by=writer)
    with pytest.raises(PermissionDenied):
        preview_link_revoke(link=link, revoked_by=writer)
    own = make_article(author=writer, status=Article.Status.DRAFT)
    assert 'name="preview-days"' in client.get(change_url(own)).content.decode()
    assert preview_link_create(article=own, created_by=writer)[0].created_by == writer


def test_readers_cannot_reach_the_admin_handlers(client, draft):
    response = client.post(create_url(draft), {"preview-days": "7"})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PreviewLink.objects.exists()


def test_making_a_link_takes_a_post(editor_client, draft):
    assert editor_client.get(create_url(draft)).status_code == 405


# --- Opening a link ---------------------------------------------------------------------------


def test_someone_without_an_account_sees_the_draft_as_it_will_look(client, draft):
    make_comment(article=draft, body="An early comment nobody should see.")
    _, url = link_for(draft)

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__title">Restaking under review</h1>' in html
    assert "Secret figures before launch." in html
    assert "Preview, not published." in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'id="comment-form"' not in html and 'id="comments"' not in html
    assert "An early comment nobody should see." not in html
    assert "Only staff can see this page" not in html and "/admin/" not in html
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_a_scheduled_briefing_says_when_it_goes_live(client):
    article = make_article(title="Next week", publish_at=datetime(2099, 3, 2, 8, 0, tzinfo=UTC))
    _, url = link_for(article)

    html = client.get(url).content.decode()

    assert "Scheduled to go live" in html and "2 March 2099, 08:00" in html


def test_a_link_to_a_briefing_published_since_leads_to_its_page(client, draft):
    _, url = link_for(draft)
    draft.status, draft.publish_at = Article.Status.PUBLISHED, datetime(2026, 1, 1, tzinfo=UTC)
    draft.save()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert "no-store" in response["Cache-Control"]


def test_the_preview_costs_the_same_queries_whatever_the_briefing_carries(
    client, django_assert_max_num_queries
):
    small = make_article(status=Article.Status.DRAFT, tags=["One"])
    large = make_article(status=Article.Status.DRAFT, tags=[f"Tag {n}" for n in range(12)])
    for article in (small, large):
        for _ in range(3 if article is small else 30):
            make_comment(article=article)
    _, small_url = link_for(small)
    _, large_url = link_for(large)
    client.get(small_url)  # warm the navigation and ticker caches

    with django_assert_max_num_queries(8) as small_queries:
        client.get(small_url)
    with django_assert_max_num_queries(len(small_queries)):
        assert client.get(large_url).status_code == 200


def test_a_lead_image_costs_the_preview_no_query(client, django_assert_max_num_queries):
    plain = make_article(status=Article.Status.DRAFT)
    pictured = make_article(
        status=Article.Status.DRAFT, lead_image=make_image(alt="Harbour", renditions=True)
    )
    _, plain_url = link_for(plain)
    _, pictured_url = link_for(pictured)
    client.get(plain_url)  # warm the navigation and ticker caches

    with django_assert_max_num_queries(8) as plain_queries:
        client.get(plain_url)
    with django_assert_max_num_queries(len(plain_queries)):
        assert 'alt="Harbour"' in client.get(pictured_url).content.decode()


# --- Links that do not work -------------------------------------------------------------------


def gone_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]
    # Set aside what differs by request alone: the address asked for (the canonical link) and
    # the signup form's signed render time.
    page = response.content.decode().replace(url, "/preview/…/")
    return re.sub(r'name="rendered" value="[^"]+"', 'name="rendered"', page)


def test_every_failing_link_gets_the_same_page_revealing_nothing(client, draft):
    revoked, revoked_url = link_for(draft)
    preview_link_revoke(link=revoked, revoked_by=make_editor())
    expired, expired_url = link_for(draft, days=1)
    _, working_url = link_for(draft)
    token = working_url.strip("/").rsplit("/", 1)[1]
    forged_url = reverse("articles:preview", kwargs={"token": token[:-2] + "xx"})
    unknown_url = reverse("articles:preview", kwargs={"token": "not-a-token"})
    huge_url = reverse("articles:preview", kwargs={"token": "a" * 500})

    with time_machine.travel(expired.expires_at + timedelta(seconds=1)):
        pages = {
            name: gone_page(client, url)
            for name, url in {
                "revoked": revoked_url,
                "expired": expired_url,
                "forged": forged_url,
                "unknown": unknown_url,
                "huge": huge_url,
            }.items()
        }

    assert len(set(pages.values())) == 1, "every failure must look the same"
    page = pages["revoked"]
    assert "This preview link doesn’t work" in page
    for secret in ("Restaking under review", "restaking-under-review", "Secret figures"):
        assert secret not in page
    assert client.get(working_url).status_code == 200


def test_a_link_stops_at_its_expiry_time(client, draft):
    with time_machine.travel(NOW, tick=False):
        _, url = link_for(draft, days=1)
    with time_machine.travel(NOW + timedelta(days=1) - timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert client.get(url).status_code == 404


def test_an_editor_revokes_a_link_with_its_button(client, editor_client, editor, draft):
    link, url = link_for(draft)
    _, other_url = link_for(draft)
    assert client.get(url).status_code == 200

    response = editor_client.post(
        reverse("admin:articles_article_preview_revoke", args=[draft.pk, link.pk]), follow=True
    )

    assert "Preview link revoked" in response.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == editor
    assert client.get(url).status_code == 404
    assert client.get(other_url).status_code == 200


def test_a_link_is_revoked_only_under_its_own_briefing(editor_client, draft):
    link, _ = link_for(draft)
    other = make_article(status=Article.Status.DRAFT)

    response = editor_client.post(
        reverse("admin:articles_article_preview_revoke", args=[other.pk, link.pk])
    )

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revoking_twice_keeps_the_first_revocation(draft):
    link, _ = link_for(draft)
    first, second = make_editor(), make_editor()
    with time_machine.travel(NOW, tick=False):
        preview_link_revoke(link=link, revoked_by=first)
    preview_link_revoke(link=link, revoked_by=second)

    link.refresh_from_db()
    assert link.revoked_at == NOW and link.revoked_by == first


def test_making_and_revoking_a_link_is_in_the_audit_trail_once_each(draft):
    editor = make_editor()
    link, _ = link_for(draft, by=editor, label="the lawyer")
    preview_link_revoke(link=link, revoked_by=editor)
    preview_link_revoke(link=link, revoked_by=editor)

    events = AuditEvent.objects.filter(target_id=str(draft.pk)).order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        (AuditEvent.Action.PREVIEW_CREATED, editor),
        (AuditEvent.Action.PREVIEW_REVOKED, editor),
    ]
    assert "for the lawyer" in events[0].detail


# --- The list of every link -------------------------------------------------------------------


def test_editors_list_every_link_and_revoke_several_at_once(client, editor_client, draft):
    first, first_url = link_for(draft, label="the lawyer")
    second, second_url = link_for(make_article(status=Article.Status.DRAFT), label="a source")
    changelist = reverse("admin:articles_previewlink_changelist")

    page = editor_client.get(changelist).content.decode()
    assert "the lawyer" in page and "a source" in page and "Active" in page
    assert "Add preview link" not in page

    response = editor_client.post(
        changelist,
        {"action": "revoke", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert "2 preview links revoked." in response.content.decode()
    assert client.get(first_url).status_code == client.get(second_url).status_code == 404


def test_a_briefing_with_links_can_still_be_deleted(client, editor_client, draft):
    _link, url = link_for(draft)

    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404  # in the trash: its links open nothing

    trash = reverse("admin:articles_trashedarticle_changelist")
    editor_client.post(trash, {"action": "delete_forever", "_selected_action": [draft.pk]})
    response = editor_client.post(
        trash, {"action": "delete_forever", "_selected_action": [draft.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert not PreviewLink.objects.exists()


# --- Caches -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("page_cache")
def test_the_page_cache_never_keeps_a_preview(client, draft):
    link, url = link_for(draft)

    first, second = client.get(url), client.get(url)
    preview_link_revoke(link=link, revoked_by=make_editor())
    after = client.get(url)

    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in second and "s-maxage" not in second["Cache-Control"]
    assert after.status_code == 404
    # The real page of the same briefing, once published, is cached as usual.
    published = make_article()
    client.get(published.get_absolute_url())
    assert client.get(published.get_absolute_url())["X-Cache"] == "HIT"


def test_varnish_passes_preview_links_to_the_app():
    recv = VCL.read_text().split("sub vcl_recv", 1)[1].split("sub vcl_hash", 1)[0]
    passed = re.search(r'req\.url ~ "\^/\(([^)]*)\)"\) \{\s*return \(pass\);', recv)

    assert "preview/" in passed[1].split("|")
