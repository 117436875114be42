from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

NOW = timezone.now()

VISIBILITY_CASES = [
    # status, publish_at offset (None: never set), visible to readers, scheduled
    (Article.Status.PUBLISHED, -timedelta(minutes=1), True, False),
    (Article.Status.PUBLISHED, -timedelta(days=400), True, False),
    (Article.Status.PUBLISHED, timedelta(minutes=1), False, True),
    (Article.Status.DRAFT, -timedelta(days=1), False, False),
    (Article.Status.DRAFT, timedelta(days=1), False, False),
    (Article.Status.DRAFT, None, False, False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "offset", "visible", "scheduled"), VISIBILITY_CASES)
def test_published_scheduled_querysets_and_properties_agree(status, offset, visible, scheduled):
    publish_at = None if offset is None else timezone.now() + offset
    article = make_article(status=status, publish_at=publish_at)

    assert (article in Article.objects.published()) is visible
    assert article.is_published is visible
    assert (article in Article.objects.scheduled()) is scheduled
    assert article.is_scheduled is scheduled
    assert (article in Article.objects.drafts()) is (status == Article.Status.DRAFT)


@pytest.mark.django_db
def test_the_database_refuses_a_published_briefing_without_a_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status=Article.Status.PUBLISHED, publish_at=None)


@pytest.mark.django_db
def test_a_scheduled_briefing_goes_live_when_its_time_comes(time_machine):
    time_machine.move_to(NOW, tick=False)
    article = make_article(publish_at=NOW + timedelta(hours=2))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert article.state_label == "Scheduled"

    time_machine.move_to(NOW + timedelta(hours=2, seconds=1), tick=False)

    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.state_label == "Published"


@pytest.mark.django_db
def test_default_manager_still_sees_drafts_for_the_admin():
    draft = make_article(status=Article.Status.DRAFT)

    assert Article.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_saving_renders_markdown_toc_and_reading_time_once():
    words = " ".join(["word"] * 700)
    article = make_article(body=f"## Why it matters\n\n{words}\n\n## What next\n\nMore *text*.")

    assert '<h2 id="why-it-matters">Why it matters</h2>' in article.body_html
    assert "<em>text</em>" in article.body_html
    assert article.toc == [
        {"id": "why-it-matters", "title": "Why it matters"},
        {"id": "what-next", "title": "What next"},
    ]
    assert article.word_count == 707
    assert article.reading_minutes == 4


@pytest.mark.django_db
def test_updating_the_body_with_update_fields_rerenders_it():
    article = make_article(body="Old")
    article.body = "## New section"
    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert "New section" in article.body_html
    assert article.toc == [{"id": "new-section", "title": "New section"}]


@pytest.mark.django_db
def test_slug_is_filled_from_the_title():
    article = make_article(title="EigenLayer’s Restaking, Explained!", slug="")

    assert article.slug == "eigenlayers-restaking-explained"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("published_hours_ago", "edited_hours_after_publishing", "shows_updated"),
    [(48, None, False), (48, 0.5, False), (48, 3, True)],
)
def test_updated_date_shows_only_for_later_edits(
    time_machine, published_hours_ago, edited_hours_after_publishing, shows_updated
):
    written = NOW - timedelta(hours=published_hours_ago)
    time_machine.move_to(written, tick=False)
    article = make_article(publish_at=written)
    if edited_hours_after_publishing is not None:
        time_machine.move_to(written + timedelta(hours=edited_hours_after_publishing), tick=False)
        article.save()

    assert article.was_updated is shows_updated


@pytest.mark.django_db
def test_a_briefing_entered_with_a_past_publish_time_is_not_marked_updated():
    article = make_article(publish_at=timezone.now() - timedelta(days=10))

    assert not article.was_updated


@pytest.mark.django_db
def test_the_migration_floats_only_draft_times_that_were_the_old_default():
    from importlib import import_module

    from django.apps import apps
    from django.db.models import F

    migration = import_module("articles.migrations.0004_floating_publish_time")
    untouched = make_article(status=Article.Status.DRAFT, title="Default time")
    chosen = make_article(status=Article.Status.DRAFT, title="Chosen time")
    live = make_article(title="Published")
    Article.objects.filter(pk=untouched.pk).update(
        publish_at=F("created_at") - timedelta(seconds=2)
    )
    Article.objects.filter(pk=chosen.pk).update(publish_at=F("created_at") + timedelta(days=3))
    Article.objects.filter(pk=live.pk).update(publish_at=F("created_at"))

    migration.float_untouched_draft_times(apps, None)

    times = dict(Article.objects.values_list("title", "publish_at"))
    assert times["Default time"] is None
    assert times["Chosen time"] is not None and times["Published"] is not None
