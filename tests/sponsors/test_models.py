from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sponsors.models import Placement
from tests.factories import make_placement

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"ends_on": date(2026, 1, 1), "starts_on": date(2026, 1, 2)}, "ends_after_start"),
        ({"weight": 0}, "weight_positive"),
        ({"url": "javascript:alert(1)"}, "link_is_http"),
        ({"image": "sponsors/x.png", "image_alt": ""}, "image_has_alt_text"),
    ],
)
def test_the_database_refuses_what_the_admin_refuses(fields, constraint):
    placement = make_placement()
    with pytest.raises(IntegrityError, match=f"placement_{constraint}"):
        Placement.objects.filter(pk=placement.pk).update(**fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_on": date(2026, 3, 2), "ends_on": date(2026, 3, 1)}, "ends_on"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example/x"}, "url"),
        (
            {
                "runs_under_briefing": False,
                "runs_on_home": False,
                "runs_in_newsletter": False,
                "runs_in_ticker": False,
            },
            "runs_under_briefing",
        ),
    ],
)
def test_full_clean_names_the_field_at_fault(fields, field, media):
    valid = {
        "sponsor_name": "Acme",
        "headline": "Hi",
        "url": "https://acme.example",
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 3, 9),
    }
    placement = Placement(**{**valid, **fields})
    with pytest.raises(ValidationError) as raised:
        placement.full_clean()
    assert field in raised.value.message_dict


def test_runs_on_includes_both_ends_of_the_window():
    placement = Placement(starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 3), is_active=True)
    assert not placement.runs_on(date(2026, 2, 28))
    assert placement.runs_on(date(2026, 3, 1)) and placement.runs_on(date(2026, 3, 3))
    assert not placement.runs_on(date(2026, 3, 4))
    placement.is_active = False
    assert not placement.runs_on(date(2026, 3, 2))


def test_an_image_needs_alt_text(media):
    placement = make_placement(image=png(), image_alt="Logo")
    assert (placement.image_width, placement.image_height) == (160, 90)
    placement.image_alt = "  "
    with pytest.raises(ValidationError) as raised:
        placement.full_clean()
    assert raised.value.message_dict["image_alt"] == [
        "Describe the image for readers who cannot see it."
    ]
