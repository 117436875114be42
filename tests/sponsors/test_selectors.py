from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from sponsors.selectors import choose, next_change_at, placement_for, placements_today
from tests.factories import make_placement

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def booked(**fields):
    return make_placement(
        starts_on=fields.pop("starts_on", DAY - timedelta(days=3)),
        ends_on=fields.pop("ends_on", DAY + timedelta(days=3)),
        **fields,
    )


def test_nothing_booked_means_nothing_chosen(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert placement_for("article", day=DAY) is None
    with django_assert_num_queries(0):  # the empty answer is cached too
        assert placement_for("article", day=DAY) is None


@pytest.mark.parametrize("count", [1, 12])
def test_a_slot_costs_one_query_cold_and_none_warm(count, django_assert_num_queries):
    for _ in range(count):
        booked()

    with django_assert_num_queries(1):
        chosen = placement_for("home", day=DAY)
    with django_assert_num_queries(0):
        assert placement_for("home", day=DAY) == chosen


def test_only_running_active_placements_in_the_slot_are_candidates():
    booked(runs_on_home=False, headline="Not on home")
    booked(is_active=False, headline="Switched off")
    booked(starts_on=DAY + timedelta(days=1), headline="Starts tomorrow")
    booked(ends_on=DAY - timedelta(days=1), starts_on=DAY - timedelta(days=5), headline="Ended")
    running = booked(headline="Running")

    assert placement_for("home", day=DAY) == running
    assert placement_for("article", day=DAY).headline in {"Not on home", "Running"}


def test_the_choice_is_the_same_all_day_in_every_process_and_follows_the_weights():
    light = booked(weight=1)
    heavy = booked(weight=3)
    candidates = [light, heavy]

    # Same day and slot: same answer, whoever asks (no per-reader or per-process randomness).
    assert {choose(candidates, slot="home", day=DAY) for _ in range(20)} == {
        choose(candidates, slot="home", day=DAY)
    }
    days = [DAY + timedelta(days=n) for n in range(400)]
    shares = Counter(choose(candidates, slot="home", day=d) for d in days)
    assert 0.65 < shares[heavy] / len(days) < 0.85


def test_an_edit_or_deletion_is_seen_at_once_by_this_process(django_capture_on_commit_callbacks):
    with time_machine.travel(NOON, tick=False):
        placement = booked(headline="Before")
        assert placement_for("article", day=DAY).headline == "Before"

        placement.headline = "After"
        with django_capture_on_commit_callbacks(execute=True):  # forgotten once it commits
            placement.save()
        assert placement_for("article", day=DAY).headline == "After"

        with django_capture_on_commit_callbacks(execute=True):
            placement.delete()
        assert placement_for("article", day=DAY) is None


def test_placements_today_lists_every_slot_in_one_query(django_assert_num_queries):
    home_only = booked(runs_under_briefing=False, runs_in_ticker=False, runs_in_newsletter=False)

    with django_assert_num_queries(1):
        today = placements_today(DAY)

    assert today == {"article": None, "home": home_only, "newsletter": None, "ticker": None}


def test_next_change_is_none_when_nothing_is_booked():
    assert next_change_at(NOON) is None


def test_next_change_is_the_nearest_start_or_end():
    booked(starts_on=DAY - timedelta(days=2), ends_on=DAY + timedelta(days=4))
    booked(starts_on=DAY + timedelta(days=2), ends_on=DAY + timedelta(days=9))

    assert next_change_at(NOON) == datetime(2026, 3, 12, tzinfo=UTC)  # the second one starts


def test_an_end_is_the_midnight_after_the_last_day():
    booked(starts_on=DAY - timedelta(days=2), ends_on=DAY)

    assert next_change_at(NOON) == datetime(2026, 3, 11, tzinfo=UTC)


def test_two_placements_sharing_a_slot_change_at_every_midnight():
    booked(ends_on=DAY + timedelta(days=30))
    booked(ends_on=DAY + timedelta(days=30))

    assert next_change_at(NOON) == datetime(2026, 3, 11, tzinfo=UTC)


def test_inactive_and_ended_placements_do_not_count():
    booked(is_active=False, starts_on=DAY + timedelta(days=1))
    booked(starts_on=DAY - timedelta(days=9), ends_on=DAY - timedelta(days=1))

    assert next_change_at(NOON) is None
