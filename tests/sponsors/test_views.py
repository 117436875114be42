from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.abuse import render_token
from sponsors.models import AdvertisePage, Enquiry, Placement
from tests.factories import make_article, make_placement

from .html import page

pytestmark = pytest.mark.django_db


# --- Clicks ----------------------------------------------------------------------------------


def test_a_click_is_counted_and_sent_to_the_stored_link_only(client):
    placement = make_placement(url="https://lattice.example/offer?utm=convergence")

    response = client.get(
        reverse("sponsors:go", args=[placement.pk]) + "?next=https://evil.example/",
        HTTP_REFERER="https://convergence.example/",
    )

    assert response.status_code == 302
    assert response["Location"] == "https://lattice.example/offer?utm=convergence"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies
    placement.refresh_from_db()
    assert placement.clicks == 1


def test_clicks_add_up_with_one_update_each(client, django_assert_num_queries):
    placement = make_placement()
    url = reverse("sponsors:go", args=[placement.pk])

    with django_assert_num_queries(4):  # savepoint, UPDATE, SELECT url, release
        client.get(url)
    for _ in range(4):
        client.get(url)

    assert Placement.objects.get(pk=placement.pk).clicks == 5


def test_a_deleted_placement_answers_a_clear_404(client):
    placement = make_placement()
    url = reverse("sponsors:go", args=[placement.pk])
    placement.delete()

    response = client.get(url)

    assert response.status_code == 404
    assert "This sponsored link has ended" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_only_get_is_answered(client):
    placement = make_placement()
    assert client.post(reverse("sponsors:go", args=[placement.pk])).status_code == 405
    assert Placement.objects.get(pk=placement.pk).clicks == 0


# --- /advertise/ -----------------------------------------------------------------------------


def test_the_advertise_page_shows_counted_audience_numbers_and_editable_text(client):
    from comments.models import Comment

    now = timezone.now()
    articles = [make_article(publish_at=now - timedelta(days=n)) for n in (1, 10, 29)]
    make_article(publish_at=now - timedelta(days=31))
    for n in range(2):
        Comment.objects.create(
            article=articles[0],
            name="Reader",
            email=f"r{n}@example.org",
            body="Useful.",
            status=Comment.Status.APPROVED,
            created_at=timezone.now() - timedelta(days=n),
        )
    AdvertisePage.objects.update_or_create(
        pk=1, defaults={"title": "Reach builders", "intro": "We **edit**.", "offer": "## Book"}
    )
    response = client.get("/advertise/")

    assert response.status_code == 200
    html = page(response)
    assert html.find("h1").text() == "Reach builders"
    assert "<strong>edit</strong>" in response.content.decode()
    figures = {
        dt.text(): dd.text()
        for dt, dd in zip(html.find_all("dt"), html.find_all("dd"), strict=True)
    }
    assert figures == {
        "Briefings published": "4",
        "Briefings in the last 30 days": "3",
        "Reader comments in the last 30 days": "2",
        "Confirmed newsletter subscribers": "0",
    }
    form = html.find("form", cls="enquiry__form")
    assert form["action"] == "/advertise/enquiry/" and form["method"] == "post"
    assert "csrfmiddlewaretoken" not in response.content.decode()  # served from a shared cache


def test_the_page_text_comes_from_the_migration(client):
    response = client.get("/advertise/")
    assert "What you can book" in response.content.decode()
    assert "Newsletter slot" in response.content.decode()


def enquiry(**overrides):
    data = {
        "name": "Ada Lovelace",
        "company": "Analytical Engines Ltd",
        "email": "ada@engines.example",
        "budget": "1k-5k",
        "message": "We would like a newsletter slot in May. See https://engines.example/.",
        "rendered": render_token(now=timezone.now() - timedelta(seconds=30)),
        "homepage": "",
    }
    return {**data, **overrides}


def post(client, data, **headers):
    return client.post(reverse("sponsors:enquiry"), data, **headers)


def test_an_enquiry_is_stored_and_the_email_queued_for_the_worker(client):
    response = post(client, enquiry())

    assert response.status_code == 302 and response["Location"] == "/advertise/thanks/"
    stored = Enquiry.objects.get()
    assert (stored.company, stored.status) == ("Analytical Engines Ltd", "new")
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "sponsors.tasks.enquiry_notify"
    assert mail.outbox == []  # nothing is sent during the request
    assert "your enquiry is with our editors" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": "ada@"}, "email", "Enter a valid email address."),
        ({"budget": "a-million"}, "budget", "Select a valid choice."),
        ({"message": "x" * 10_000}, "message", "at most 4000 characters (it has 10000)"),
        ({"name": "Ada\r\nBcc: victim@example.org"}, "name", "Keep this on one line."),
        ({"company": "Acme\nCc: x@example.org"}, "company", "Keep this on one line."),
        ({"email": "a@b.example\r\nBcc: v@example.org"}, "email", "Enter a valid email"),
        ({"message": "Hello\nBcc: victim@example.org\n"}, "message", "plain sentences"),
        (
            {"message": " ".join(f"https://spam{n}.example" for n in range(6))},
            "message",
            "keep to 3 links or fewer (this has 6)",
        ),
        ({"company": "Buy now www.pills.example"}, "company", "Links belong in the message"),
    ],
)
def test_bad_input_is_refused_at_the_field_with_the_typing_kept(client, overrides, field, message):
    data = enquiry(**overrides)

    response = post(client, data)

    assert response.status_code == 400
    html = page(response)
    error = html.find("p", cls="enquiry__error")
    assert error is not None and message in error.text()
    assert error["id"] == f"id_{field}_error"
    typed = response.context["form"][field].value()
    assert typed == data[field] or typed.strip() == data[field].strip()
    assert response.context["form"].fields[field].widget.attrs.get("autofocus")
    assert "nothing was sent" in response.content.decode()
    assert not Enquiry.objects.exists() and not DBTaskResult.objects.exists()


def test_a_bot_is_thanked_but_nothing_is_stored(client):
    response = post(client, enquiry(homepage="https://spam.example"))
    assert response.status_code == 302
    assert not Enquiry.objects.exists() and not DBTaskResult.objects.exists()


def test_a_form_sent_faster_than_a_person_types_is_dropped(client):
    post(client, enquiry(rendered=render_token(now=timezone.now())))
    assert not Enquiry.objects.exists()


def test_a_flood_from_one_address_gets_a_friendly_429(client, settings):
    settings.SPONSORS_RATE_LIMIT = "2/h"
    assert post(client, enquiry()).status_code == 302
    assert post(client, enquiry()).status_code == 302

    response = post(client, enquiry())

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "We already have several enquiries from you" in response.content.decode()
    assert Enquiry.objects.count() == 2


def test_a_cross_site_post_is_refused(client):
    response = post(client, enquiry(), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_the_enquiry_target_does_not_answer_get(client):
    assert client.get(reverse("sponsors:enquiry")).status_code == 405
