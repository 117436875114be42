from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import article_publish, article_unpublish
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TUESDAY = MONDAY + timedelta(days=1)
FRIDAY = MONDAY + timedelta(days=4)


@pytest.mark.parametrize(
    ("publish_at", "expected"),
    [
        (None, FRIDAY),  # never set: floats to the moment of publishing
        (TUESDAY, TUESDAY),  # chosen in the past: kept
        (FRIDAY + timedelta(days=3), FRIDAY + timedelta(days=3)),  # chosen in the future: kept
    ],
)
def test_publishing_stamps_only_a_publish_time_the_editor_never_set(
    time_machine, publish_at, expected
):
    time_machine.move_to(MONDAY, tick=False)
    draft = make_article(status=Article.Status.DRAFT, publish_at=publish_at)
    time_machine.move_to(FRIDAY, tick=False)

    article_publish(article=draft, now=FRIDAY)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.publish_at == expected


def test_a_draft_written_monday_and_published_friday_sorts_as_friday(client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    section, author = make_section(), make_user()
    monday_draft = make_article(
        title="Written Monday", status=Article.Status.DRAFT, section=section, author=author
    )
    make_article(title="Out Tuesday", publish_at=TUESDAY, section=section, author=author)
    time_machine.move_to(FRIDAY + timedelta(minutes=5), tick=False)

    article_publish(article=monday_draft, now=FRIDAY)

    assert [a.title for a in Article.objects.published()] == ["Written Monday", "Out Tuesday"]
    home = client.get(reverse("articles:list")).content.decode()
    assert home.index("Written Monday") < home.index("Out Tuesday")
    assert "Updated" not in client.get(monday_draft.get_absolute_url()).content.decode()


def test_unpublishing_and_publishing_again_keeps_the_date_it_first_went_out(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    article = make_article(status=Article.Status.DRAFT)
    article_publish(article=article, now=MONDAY)

    article_unpublish(article=article)
    article_publish(article=article, now=FRIDAY)

    article.refresh_from_db()
    assert article.publish_at == MONDAY
