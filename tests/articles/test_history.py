"""Every change keeps a revision; the history pages list, compare and restore them."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles import history
from articles.models import Article
from articles.services import article_publish, article_restore_revision, article_save
from staff.models import AuditEvent
from tests.articles.forms import change_form
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def revisions_of(article):
    return list(history.versions_of(article))


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.revision_id])


def test_a_change_form_save_keeps_a_revision_with_who_and_the_tags(editor_client, editor):
    article = make_article(title="Before", tags=["Bitcoin"])

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form(article, title="After", tags="Bitcoin, Agents", lead_image_alt="A chart"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    [version] = revisions_of(article)
    snapshot = history.snapshots_of([version])[version.pk]
    assert version.revision.user == editor
    assert version.revision.comment.startswith("Changed")
    assert snapshot.values["title"] == "After"
    assert snapshot.values["lead_image_alt"] == "A chart"
    assert snapshot.tags == ["Agents", "Bitcoin"]


def test_bulk_actions_and_the_publish_service_keep_a_revision_each(editor_client, editor):
    drafts = [make_article(status=Article.Status.DRAFT) for _ in range(2)]

    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    article_publish(article=make_article(status=Article.Status.DRAFT))

    for draft in drafts:
        [version] = revisions_of(draft)
        assert version.revision.user == editor
        assert version.revision.comment == "Published"
        assert version.field_dict["status"] == "published"
    assert Revision.objects.count() == 3


def test_restoring_a_revision_brings_back_words_and_tags_as_a_new_revision(editor):
    article = make_article(body="## One\n\nThe good text.", tags=["Bitcoin", "Layer 2"])
    article_save(article=article, user=editor)
    good = revisions_of(article)[0]
    article.body = "A bad paste."
    article_save(article=article, user=editor)
    article.tags.set(["Spam"])

    article_restore_revision(article=article, version=good, user=editor)

    article.refresh_from_db()
    assert article.body == "## One\n\nThe good text."
    assert sorted(article.tags.names()) == ["Bitcoin", "Layer 2"]
    newest, *older = revisions_of(article)
    assert newest.revision.comment == f"Restored revision #{good.revision_id}"
    assert len(older) == 2  # history is never rewritten
    assert AuditEvent.objects.filter(action="restore", target_id=str(article.pk)).exists()


def test_a_restore_makes_again_a_tag_deleted_since(editor):
    from taggit.models import Tag

    article = make_article(tags=["Fleeting"])
    article_save(article=article, user=editor)
    version = revisions_of(article)[0]
    Tag.objects.filter(name="Fleeting").delete()

    article_restore_revision(article=article, version=version, user=editor)

    assert list(article.tags.names()) == ["Fleeting"]


def test_the_history_page_lists_revisions_newest_first_with_links(editor_client, editor):
    article = make_article(title="First")
    for title in ["Second", "Third"]:
        article.title = title
        article_save(article=article, user=editor)

    response = editor_client.get(history_url(article))

    html = response.content.decode()
    versions = revisions_of(article)
    assert [v.field_dict["title"] for v in versions] == ["Third", "Second"]
    assert html.index(revision_url(article, versions[0])) < html.index(
        revision_url(article, versions[1])
    )
    assert "Eda Tor" in html
    assert "2 revisions" in html


def test_the_revision_page_shows_a_readable_diff_and_restores_on_post(editor_client, editor):
    article = make_article(body="Intro line.\n\nBitcoin rose 5% today.")
    article_save(article=article, user=editor)
    old = revisions_of(article)[0]
    article.body = "Intro line.\n\nBitcoin fell 3% today."
    article.title = "A new title"
    article_save(article=article, user=editor)

    response = editor_client.get(revision_url(article, old))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>rose</del>" in html and "<ins>fell</ins>" in html
    assert "A new title" in html  # the changed fields, side by side
    assert "Restore revision" in html

    response = editor_client.post(revision_url(article, old), {"version": article.version})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Intro line.\n\nBitcoin rose 5% today."


def test_a_restore_from_a_page_opened_before_another_save_is_refused(editor_client, editor):
    article = make_article(body="Old words.")
    article_save(article=article, user=editor)
    old = revisions_of(article)[0]
    opened_at = article.version
    article.body = "Someone's newer words."
    article_save(article=article, user=editor)

    response = editor_client.post(revision_url(article, old), {"version": opened_at})

    assert response.status_code == 409
    assert "Someone saved this briefing after you opened this page" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "Someone's newer words."


def test_the_diff_escapes_what_editors_typed():
    lines = history.text_diff("<b>one</b>", "<script>two</script>")

    html = "".join(line.html for line in lines)
    assert "<script" not in html and "&lt;" in html


def test_long_unchanged_runs_are_folded():
    old = "\n".join(f"line {n}" for n in range(40))
    new = old.replace("line 20", "line twenty")

    lines = history.text_diff(old, new)

    assert [line.kind for line in lines].count("skip") == 2
    assert len(lines) < 12


def make_revisions(article, editor, count):
    """`count` stored revisions of `article`, written directly: fast at any size."""
    article_save(article=article, user=editor)
    template = revisions_of(article)[0]
    extra = list(template.revision.version_set.all())
    for _ in range(count - 1):
        revision = Revision.objects.create(
            user=editor, comment="Saved", date_created=timezone.now()
        )
        Version.objects.bulk_create(
            Version(
                revision=revision,
                object_id=v.object_id,
                content_type_id=v.content_type_id,
                db=v.db,
                format=v.format,
                serialized_data=v.serialized_data,
                object_repr=v.object_repr,
            )
            for v in extra
        )


@pytest.mark.parametrize("count", [3, 1000])
def test_history_page_and_change_form_stay_paged_at_constant_queries(
    editor_client, editor, count, django_assert_max_num_queries
):
    article = make_article(tags=["Bitcoin", "Ethereum"])
    make_revisions(article, editor, count)

    with django_assert_max_num_queries(16):
        response = editor_client.get(history_url(article))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, history.REVISIONS_PER_PAGE)
    assert f"{count} revisions" in response.content.decode()

    with django_assert_max_num_queries(16):
        editor_client.get(history_url(article), {"p": 2})

    with django_assert_max_num_queries(40):
        response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200


def test_a_revision_compared_with_an_unchanged_briefing_shows_no_changes(editor):
    article = make_article(body="Same.")
    article_save(article=article, user=editor)
    [version] = revisions_of(article)
    article.refresh_from_db()

    then = history.snapshots_of([version])[version.pk]
    assert history.changes_between(then, history.snapshot_of_article(article)) == []
