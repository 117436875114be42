"""seed_demo books one made-up placement per slot, so a newcomer sees what readers would."""

import pytest
from django.utils import timezone

from sponsors import demo
from sponsors.models import Placement, Slot
from sponsors.selectors import placements_today
from tests.factories import make_article

from .html import page as soup
from .test_slots import assert_labelled_placement, render

pytestmark = pytest.mark.django_db


def test_every_slot_runs_a_labelled_demo_placement_today(client):
    make_article()
    demo.seed(now=timezone.now())

    booked = placements_today(timezone.localdate())
    assert set(booked) == {slot.value for slot in Slot}
    for slot, placement in booked.items():
        assert placement is not None, slot
        assert "(demo sponsor)" in placement.sponsor_name
        assert placement.url.endswith(".example/")  # reserved: nobody's real site
    article = Placement.objects.get(pk=booked["article"].pk)

    page = soup(client.get(make_article().get_absolute_url()))
    [element] = page.find_all(cls="sponsor--article")
    assert_labelled_placement(element, article)
    [home] = soup(client.get("/")).find_all(cls="sponsor--home")
    assert_labelled_placement(home, booked["home"])
    assert booked["ticker"].headline in render('{% sponsor_slot "ticker" %}')


def test_running_it_again_adds_nothing_and_keeps_edits():
    first = demo.seed(now=timezone.now())
    Placement.objects.filter(sponsor_name__startswith="Lumen").update(headline="Edited")

    again = demo.seed(now=timezone.now())

    assert "4 new placement(s)" in first and "0 new placement(s)" in again
    assert Placement.objects.count() == 4
    assert Placement.objects.get(sponsor_name__startswith="Lumen").headline == "Edited"
