"""What changes elsewhere (library images, sections) do to briefings: derived data kept in step,
never an edit of the briefing itself."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import Article
from images.services import image_update
from tests.factories import make_article, make_image, make_section
from tests.purges import purged_at

pytestmark = pytest.mark.django_db


def card_tasks_for(article) -> int:
    return DBTaskResult.objects.filter(
        task_path__endswith="article_share_card_make", args_kwargs__kwargs__article_id=article.pk
    ).count()


def test_a_library_image_change_renders_the_body_again_without_a_new_version(
    django_capture_on_commit_callbacks,
):
    image = make_image(alt="Old words", renditions=True)
    article = make_article(body=f"Intro.\n\n![](image:{image.pk})")
    revisions = Version.objects.get_for_object(article).count()
    key = f"article:{article.pk}"
    before = purged_at([key]).get(key, 0)

    image.alt = "New words"
    with django_capture_on_commit_callbacks(execute=True):
        image_update(image=image)

    stored = Article.objects.get(pk=article.pk)
    assert 'alt="New words"' in stored.body_html
    # An editor with the briefing open saves without a conflict: nobody edited it.
    assert stored.version == article.version
    assert Version.objects.get_for_object(article).count() == revisions
    assert purged_at([key])[key] > before


def test_moving_a_section_reads_none_of_its_briefings_renaming_it_asks_for_new_cards(
    django_capture_on_commit_callbacks,
):
    section = make_section(name="Markets")
    drawn = make_article(section=section)
    cropped = make_article(section=section, lead_image=make_image())
    DBTaskResult.objects.all().delete()

    section.position = 7
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        section.save()

    assert not [q["sql"] for q in queries if '"articles_article"' in q["sql"]]
    assert not DBTaskResult.objects.exists()

    section.name = "Money"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()

    assert (card_tasks_for(drawn), card_tasks_for(cropped)) == (1, 0)
