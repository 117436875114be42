import re
from datetime import timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from newsletter import links
from newsletter.models import Subscriber
from tests.factories import make_article, make_subscriber

pytestmark = pytest.mark.django_db

CHECK_INBOX = "/newsletter/check-your-inbox/"


def confirmation_tasks():
    return DBTaskResult.objects.filter(task_path="newsletter.tasks.confirmation_send").count()


def band_html(html: str) -> str:
    band = re.search(r'<aside class="newsletter-band".*?</aside>', html, re.S).group(0)
    return re.sub(r'name="rendered" value="[^"]*"', "", band)


# --- The band and the box ---------------------------------------------------------------------


def test_every_page_has_the_same_signup_band_for_every_reader(client, editor, signup):
    anonymous = client.get("/")
    staff = Client()
    staff.force_login(editor)
    logged_in = staff.get("/")
    html = anonymous.content.decode()
    assert 'class="newsletter-form newsletter-form--band"' in html
    assert 'action="/newsletter/subscribe/"' in html and 'name="email"' in html
    # Cached pages go to everyone: no CSRF token, nothing of the reader's, no cookie set.
    assert band_html(html) == band_html(logged_in.content.decode())
    assert "csrfmiddlewaretoken" not in band_html(html)
    assert "Set-Cookie" not in str(anonymous.headers)


def test_the_band_and_the_box_cost_no_query(django_assert_num_queries):
    template = Template("{% load newsletter %}{% newsletter_band %}{% newsletter_box %}")
    with django_assert_num_queries(0):
        html = template.render(Context({}))
    assert html.count('class="newsletter-form ') == 2
    assert 'id="nl-band-email"' in html and 'id="nl-box-email"' in html  # unique ids


def test_a_briefing_has_the_fuller_box_under_it(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="newsletter-form ') == 2
    assert "Liked this? Get the next one by email" in response.content.decode()


def test_the_newsletter_page_says_what_arrives_and_shows_the_latest_issue(
    client, django_assert_max_num_queries
):
    from newsletter.services import digest_compose, digest_queue

    make_article(title="Agents learn to pay", publish_at=timezone.now() - timedelta(hours=2))
    digest = digest_compose(frequency="daily", now=timezone.now())
    digest_queue(digest=digest, now=timezone.now())
    with django_assert_max_num_queries(4):
        response = client.get(reverse("newsletter:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="newsletter-form ') == 1  # its own form, not the band as well
    assert "every morning" in html
    assert "Agents learn to pay" in response.content.decode()


# --- Subscribing ------------------------------------------------------------------------------


def test_signing_up_stores_consent_and_queues_one_confirmation(signup):
    response = signup("Ada@Example.org")
    assert response.status_code == 303 and response["Location"] == CHECK_INBOX
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ada@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_ip == "127.0.0.1"
    assert subscriber.consent_page == "/articles/hello/"
    assert subscriber.consent_at is not None
    assert confirmation_tasks() == 1


@pytest.mark.parametrize("status", [None, "pending", "confirmed", "unsubscribed", "bounced"])
def test_the_answer_is_the_same_whoever_the_address_belongs_to(signup, status):
    if status:
        make_subscriber(email="ada@example.org", status=status)
    response = signup("ada@example.org")
    assert (response.status_code, response["Location"]) == (303, CHECK_INBOX)
    page = Client().get(CHECK_INBOX)
    assert "Check your inbox" in page.content.decode()
    expected_tasks = 0 if status == "confirmed" else 1
    assert confirmation_tasks() == expected_tasks


def test_one_confirmation_email_per_address_per_ten_minutes(signup):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        signup("ada@example.org")
        signup("ada@example.org")
        assert confirmation_tasks() == 1
        traveller.shift(timedelta(minutes=11))
        signup("ada@example.org")
        assert confirmation_tasks() == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type your email address."),
        ("   ", "Type your email address."),
        ("ada.example.org", "it should be like name@example.com"),
        ("a" * 250 + "@example.org", "at most 254 characters long (this one has 262)"),
        ("ada@example.org\r\nBcc: victim@example.org", "without line breaks"),
        ("ada@example.org, bob@example.org", "Type one address only"),
        ("Ada <ada@example.org>", "Type one address only"),
    ],
)
def test_bad_addresses_get_a_clear_message_with_what_was_typed_kept(signup, typed, message):
    response = signup(typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    field = re.search(r'<input[^>]*id="nl-email"[^>]*>', html).group(0)
    if typed:
        assert f'value="{escape(typed)}"' in field
    assert not Subscriber.objects.exists() and confirmation_tasks() == 0


def test_javascript_gets_the_same_answers_as_json(signup):
    ok = signup("ada@example.org", HTTP_ACCEPT="application/json")
    assert ok.status_code == 200 and "Check your inbox" in ok.json()["message"]
    bad = signup("nope", HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert "name@example.com" in bad.json()["errors"]["email"][0]["message"]


@pytest.mark.parametrize(
    "trap", [{"homepage": "http://spam.example"}, {"rendered": "forged"}, {"rendered": ""}]
)
def test_bots_are_told_the_same_and_nothing_happens(signup, trap):
    response = signup("ada@example.org", **trap)
    assert (response.status_code, response["Location"]) == (303, CHECK_INBOX)
    assert not Subscriber.objects.exists() and confirmation_tasks() == 0


def test_too_many_signups_from_one_address_get_a_friendly_429(signup, settings):
    settings.NEWSLETTER_RATE_LIMIT = "2/h"
    signup("a@example.org")
    signup("b@example.org")
    response = signup("c@example.org")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many signups" in response.content.decode()
    assert Subscriber.objects.count() == 2


def test_a_signup_posted_from_another_site_is_refused(signup):
    response = signup("ada@example.org", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_subscribe_is_post_only(client):
    assert client.get("/newsletter/subscribe/").status_code == 405


# --- The links in the emails ------------------------------------------------------------------


def test_the_confirmation_link_asks_and_only_a_click_confirms(client):
    subscriber = make_subscriber(status="pending")
    url = links.confirm_url(subscriber).removeprefix("http://127.0.0.1:8000")
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert "Confirm your subscription" in page.content.decode()
    assert f'<form method="post" action="{url}">' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"  # link scanners prefetch GETs

    response = strict.post(url)
    assert response.status_code == 200
    assert "You are subscribed" in response.content.decode()
    assert "Once a week" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at is not None


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("damage", ["expired", "tampered", "deleted"])
def test_a_bad_confirmation_link_changes_nothing_and_offers_a_new_one(client, damage):
    subscriber = make_subscriber(status="pending")
    url = path_of(links.confirm_url(subscriber))
    if damage == "tampered":
        url = url.replace("/confirm/", "/confirm/x")
    if damage == "deleted":
        subscriber.delete()
    with time_machine.travel(timezone.now() + timedelta(days=8 if damage == "expired" else 0)):
        response = client.post(url)
    assert response.status_code == 400
    assert "This link does not work any more" in response.content.decode()
    assert 'class="newsletter-form newsletter-form--page"' in response.content.decode()
    if damage != "deleted":
        subscriber.refresh_from_db()
        assert subscriber.status == "pending"


def test_unsubscribe_link_get_only_asks_and_one_click_post_needs_no_cookie_or_token():
    subscriber = make_subscriber()
    url = path_of(links.unsubscribe_url(subscriber))
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url)
    assert page.status_code == 200 and "Stop the briefing emails?" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"  # link scanners prefetch GETs

    # What a mail provider sends (RFC 8058): a bare POST from its own servers.
    response = strict.post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 200
    assert "You will get no more briefings" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at is not None


def test_preferences_change_the_frequency_and_resubscribe(client):
    subscriber = make_subscriber()
    url = path_of(links.manage_url(subscriber))
    response = client.post(url, {"action": "frequency", "frequency": "weekly"})
    assert response.status_code == 303
    assert "once a week" in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"

    bad = client.post(url, {"action": "frequency", "frequency": "hourly"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()

    subscriber.status, subscriber.unsubscribed_at = "unsubscribed", timezone.now()
    subscriber.save()
    client.post(url, {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.unsubscribed_at is None


def test_deleting_removes_the_address_and_kills_every_link(client):
    subscriber = make_subscriber(email="ada@example.org")
    url = path_of(links.manage_url(subscriber)).replace("/preferences/", "/delete/")
    assert "Delete your address?" in client.get(url).content.decode()
    response = client.post(url)
    assert "Your address is gone" in response.content.decode()
    assert not Subscriber.objects.filter(email="ada@example.org").exists()
    assert client.get(path_of(links.unsubscribe_url(subscriber))).status_code == 400


def test_a_signup_costs_the_same_queries_however_long_the_list(
    signup, django_assert_max_num_queries
):
    for size in (1, 40):
        for _ in range(size):
            make_subscriber()
        with django_assert_max_num_queries(7):
            assert signup(f"new{size}@example.org").status_code == 303
