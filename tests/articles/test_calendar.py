"""The editorial calendar: a week of briefings in the admin."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from tests.factories import make_article, make_articles, make_section, make_user

pytestmark = pytest.mark.django_db

# Wednesday of ISO week 49: Monday 30 November to Sunday 6 December 2026.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CALENDAR = "admin:articles_article_calendar"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def calendar(client, **params):
    return client.get(reverse(CALENDAR), params)


def day_titles(response):
    """{date: [titles, digest labels and times in order]} from the rendered week."""
    return {
        day.date: [
            entry.article.title if entry.article else f"{entry.at:%H:%M} {entry.digest}"
            for entry in day.entries
        ]
        for day in response.context["days"]
    }


def test_the_week_shows_what_went_out_what_is_scheduled_and_what_waits(editor_client):
    author = make_user(first_name="Ada", last_name="Writer")
    make_article(title="Monday news", publish_at=datetime(2026, 11, 30, 8, 15, tzinfo=UTC))
    planned = make_article(title="Friday plan", author=author, publish_at=at(4, 14, 30))
    draft = make_article(title="Still drafting", status=Article.Status.DRAFT, author=author)
    make_article(title="Last week", publish_at=datetime(2026, 11, 29, 23, 0, tzinfo=UTC))
    make_article(title="Next week", publish_at=at(7, 9))
    make_article(title="A draft dated this week", status=Article.Status.DRAFT, publish_at=at(3, 9))

    response = calendar(editor_client)

    assert response.status_code == 200
    days = day_titles(response)
    assert list(days) == [date(2026, 11, 30), *(date(2026, 12, d) for d in range(1, 7))]
    assert days[date(2026, 11, 30)] == [
        "07:00 Digest + weekly round-up",
        "Monday news",
    ]
    assert days[date(2026, 12, 4)] == ["07:00 Digest", "Friday plan"]
    html = response.content.decode()
    for title in ("Last week", "Next week"):
        assert title not in html
    change = reverse("admin:articles_article_change", args=[planned.pk])
    assert f'<a href="{change}">Friday plan</a>' in html
    assert "14:30" in html and "Scheduled</span> · Ada Writer" in html
    assert "Published</span> · " in html
    waiting = response.context["unscheduled"]
    assert [group["label"] for group in waiting] == ["Draft"]
    assert {a.title for a in waiting[0]["articles"]} == {
        "Still drafting",
        "A draft dated this week",
    }
    assert reverse("admin:articles_article_change", args=[draft.pk]) in html
    assert "Week 49" in html and "30 Nov – 6 Dec 2026" in html


def test_today_is_marked_and_empty_days_say_so(editor_client):
    make_article(title="Tuesday's", publish_at=at(1, 12))

    html = calendar(editor_client).content.decode()

    today = html.split('<time datetime="2026-12-02">', 1)[1].split("</li>\n    \n", 1)[0]
    assert "Today" in today and "Nothing yet" in today
    assert html.count("cal-day--today") == 1
    assert html.count("cal-day--empty") == 6
    assert html.count("Nothing published") == 1  # Monday; Tuesday has its briefing
    assert html.count("Nothing scheduled") == 4  # Thursday to Sunday


def test_times_are_in_the_sites_time_zone(editor_client, settings):
    settings.TIME_ZONE = "America/New_York"
    # 03:00 UTC on Wednesday is 22:00 on Tuesday in New York.
    make_article(title="Late on Tuesday", publish_at=at(2, 3))

    response = calendar(editor_client)

    days = day_titles(response)
    assert days[date(2026, 12, 1)] == ["02:00 Digest", "Late on Tuesday"]
    html = response.content.decode()
    assert "22:00" in html and "Times in America/New_York" in html


def test_the_digest_time_comes_from_the_setting(editor_client, settings):
    settings.NEWSLETTER_DIGEST_TIME = time(18, 30)

    days = day_titles(calendar(editor_client))

    assert days[date(2026, 12, 3)] == ["18:30 Digest"]


@pytest.mark.parametrize(
    ("week", "monday", "previous", "following"),
    [
        ("2026-W48", date(2026, 11, 23), "2026-W47", "2026-W49"),
        ("2026-w01", date(2025, 12, 29), "2025-W52", "2026-W02"),
        ("2026-W53", date(2026, 12, 28), "2026-W52", "2027-W01"),
        ("2026W5", date(2026, 1, 26), "2026-W04", "2026-W06"),
        ("2026-12-10", date(2026, 12, 7), "2026-W49", "2026-W51"),
        (" 2027-03-14 ", date(2027, 3, 8), "2027-W09", "2027-W11"),
    ],
)
def test_weeks_are_chosen_and_walked(editor_client, week, monday, previous, following):
    response = calendar(editor_client, week=week)

    assert response.status_code == 200
    assert response.context["monday"] == monday
    html = response.content.decode()
    assert f'href="?week={previous}"' in html and f'href="?week={following}"' in html
    assert f'<a class="button" href="{reverse(CALENDAR)}">This week</a>' in html


def test_this_week_is_the_default_and_says_so(editor_client):
    html = calendar(editor_client).content.decode()

    assert '<span class="button calendar__current" aria-current="date">This week</span>' in html
    assert 'href="?week=2026-W48"' in html and 'href="?week=2026-W50"' in html


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("next tuesday", "is not a week. Write the year, W and the week number"),
        ("2026-W60", "2026 has weeks 1 to 53, not week 60."),
        ("2025-W53", "2025 has weeks 1 to 52, not week 53."),
        ("2026-W00", "2026 has weeks 1 to 53, not week 0."),
        ("0001-W01", "Pick a year from 1970 to 2999."),
        ("9999-12-31", "Pick a year from 1970 to 2999."),
        ("2026-02-30", "is not a week"),
        ("<b>2026</b>", "is not a week"),
        ("9" * 5000, "is not a week"),
    ],
)
def test_a_bad_week_gets_a_clear_message_and_this_week(editor_client, week, message):
    response = calendar(editor_client, week=week)

    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html and "Showing this week." in html
    assert response.context["monday"] == date(2026, 11, 30)
    assert "<b>2026</b>" not in html


def test_editors_reach_the_calendar_from_the_briefings_list_and_the_index(editor_client):
    url = reverse(CALENDAR)

    assert f'href="{url}"' in editor_client.get(reverse("admin:index")).content.decode()
    listing = editor_client.get(reverse("admin:articles_article_changelist"))
    assert f'href="{url}"' in listing.content.decode()


def test_readers_are_sent_to_sign_in(client):
    response = calendar(client)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_the_view_permission_are_refused(client):
    client.force_login(make_user(is_staff=True))

    assert calendar(client).status_code == 403
    assert reverse(CALENDAR) not in client.get(reverse("admin:index")).content.decode()


def test_staff_who_may_only_view_briefings_see_the_calendar(client):
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    assert calendar(client).status_code == 200


def test_a_long_list_of_drafts_shows_the_latest_and_links_to_all(editor_client):
    make_articles(20, status=Article.Status.DRAFT)

    response = calendar(editor_client)

    (group,) = response.context["unscheduled"]
    assert len(group["articles"]) == 15 and group["count"] == 20
    changelist = reverse("admin:articles_article_changelist")
    assert f'href="{changelist}?status__exact=draft">See all 20</a>' in response.content.decode()
    assert editor_client.get(f"{changelist}?status__exact=draft").status_code == 200


def fill_week(count):
    section = make_section()
    authors = [make_user(first_name=f"Author {n}") for n in range(count)]
    for n in range(count):
        make_article(section=section, author=authors[n], publish_at=at(1 + n % 6, n % 24))
        make_article(section=section, author=authors[n], status=Article.Status.DRAFT)


def test_the_calendar_costs_the_same_queries_for_a_quiet_or_a_busy_week(
    editor_client, django_assert_max_num_queries
):
    fill_week(2)
    calendar(editor_client)  # the session and permissions, as on every admin page
    with django_assert_max_num_queries(10) as quiet:
        assert calendar(editor_client).status_code == 200

    fill_week(40)
    with django_assert_max_num_queries(len(quiet)):
        response = calendar(editor_client)

    assert sum(day.briefings for day in response.context["days"]) == 42


def test_a_status_between_draft_and_published_waits_in_its_own_group(editor_client):
    """A status such as `review` (added beside draft and published) is listed as waiting, never
    on the week, whatever its publish time."""
    make_article(title="A plain draft", status=Article.Status.DRAFT)
    make_article(title="Waiting for an editor", status="review", publish_at=at(3, 9))

    response = calendar(editor_client)

    groups = {group["status"]: group for group in response.context["unscheduled"]}
    assert set(groups) == {"draft", "review"}
    assert [a.title for a in groups["review"]["articles"]] == ["Waiting for an editor"]
    assert all(entry.article is None for day in response.context["days"] for entry in day.entries)


def test_briefings_in_the_trash_are_neither_on_the_week_nor_waiting(editor_client):
    make_article(title="Trashed plan", publish_at=at(4, 9), trashed_at=NOW)
    make_article(title="Trashed draft", status=Article.Status.DRAFT, trashed_at=NOW)

    response = calendar(editor_client)

    assert all(entry.article is None for day in response.context["days"] for entry in day.entries)
    assert response.context["unscheduled"] == []
    assert "Trashed" not in response.content.decode()
