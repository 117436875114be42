"""The editors' email, sent by the real worker through a real SMTP server."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from sponsors.models import Enquiry
from sponsors.services import enquiry_create
from tests.factories import make_editor, make_user

# The worker commits for real; serialized rollback restores the Editors group after a flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def create(**overrides):
    data = {
        "name": "Ada Lovelace",
        "company": "Analytical Engines",
        "email": "ada@engines.example",
        "budget": "5k-20k",
        "message": "A placement under briefings in June, please.\nThanks!",
    }
    return enquiry_create(**{**data, **overrides})


def test_the_editors_are_emailed_by_the_worker_with_reply_to_the_business(
    smtp_server, run_tasks, settings
):
    settings.SITE_URL = "https://convergence.example"
    make_editor(email="eda@convergence.example")
    make_editor(email="ed@convergence.example", is_active=False)
    make_user(email="someone@example.org")  # not an editor
    enquiry = create()
    assert smtp_server.messages == []

    run_tasks()

    [message] = smtp_server.messages
    assert message.envelope_to == ["eda@convergence.example"]
    assert message["Subject"] == "Advertising enquiry from Analytical Engines"
    assert message["Reply-To"] == "ada@engines.example"
    assert message["List-Unsubscribe"] is None  # to staff, not a subscriber
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    admin_url = f"https://convergence.example/admin/sponsors/enquiry/{enquiry.pk}/change/"
    assert "Budget: $5,000 – $20,000" in text and admin_url in text
    assert "A placement under briefings in June, please." in html and admin_url in html


def test_advertising_email_overrides_the_editors(smtp_server, run_tasks, settings):
    settings.ADVERTISING_EMAIL = ["ads@convergence.example", "sales@convergence.example"]
    make_editor(email="eda@convergence.example")
    create()

    run_tasks()

    assert sorted(a for m in smtp_server.messages for a in m.envelope_to) == [
        "ads@convergence.example",
        "sales@convergence.example",
    ]


def test_markup_in_an_enquiry_is_escaped_in_the_html_email(smtp_server, run_tasks):
    make_editor(email="eda@convergence.example")
    create(company="<b>Evil</b> Corp", message="<script>alert(1)</script>")

    run_tasks()

    html = smtp_server.messages[0].get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp" in html


def test_an_invalid_enquiry_is_neither_stored_nor_queued():
    with pytest.raises(ValidationError):
        create(email="not-an-email")
    assert not Enquiry.objects.exists() and not DBTaskResult.objects.exists()
