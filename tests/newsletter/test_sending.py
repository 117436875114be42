"""The worker sends through a real SMTP server; deliveries are the unit of work."""

import os
import re
import signal
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter.models import Delivery, Digest, Subscriber
from tests.caching.servers import wait_until
from tests.factories import make_article, make_quote, make_subscriber
from tickers.models import Coin

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def send_digest(**options) -> str:
    out = StringIO()
    call_command("send_digest", stdout=out, **options)
    return out.getvalue()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://convergence.example"
    settings.NEWSLETTER_MIN_SECONDS_TO_SUBMIT = 0


def test_signing_up_sends_one_confirmation_email_with_one_link(
    site, smtp_server, run_tasks, signup
):
    signup("ada@example.org")
    assert smtp_server.messages == []  # the page view never talks to SMTP
    run_tasks()

    [message] = smtp_server.to("ada@example.org")
    assert message["Subject"] == "Confirm your Convergence briefing subscription"
    assert message["Message-ID"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [confirm] = [url for url in links_in(text) if "/confirm/" in url]
    assert confirm.startswith("https://convergence.example/newsletter/confirm/")
    assert f'href="{confirm}"' in html

    assert Subscriber.objects.get().status == "pending"
    from django.test import Client

    Client().post(confirm.removeprefix("https://convergence.example"))
    assert Subscriber.objects.get().status == "confirmed"


@time_machine.travel("2026-12-02 06:00Z")  # a Wednesday: no weekly digest
def test_the_daily_digest_reaches_each_confirmed_subscriber_once(site, smtp_server, run_tasks):
    # The coins the migrations add; only those with a quote are shown.
    coins = Coin.objects.in_bulk(["BTC", "DOGE", "ADA"], field_name="symbol")
    make_quote(coins["BTC"], price=Decimal("97000"), change_24h=Decimal("2.1"))
    make_quote(coins["DOGE"], change_24h=Decimal("-12.5"))
    make_quote(coins["ADA"], change_24h=Decimal("3"))
    make_article(title="Old news", publish_at=timezone.now() - timedelta(days=3))
    make_article(title="Agents learn to pay", publish_at=timezone.now() - timedelta(hours=3))
    make_article(title="Tokens meet models", publish_at=timezone.now() - timedelta(hours=1))
    make_article(title="Tomorrow", publish_at=timezone.now() + timedelta(hours=1))
    daily = [make_subscriber() for _ in range(3)]
    make_subscriber(frequency="weekly")
    make_subscriber(status="pending")
    make_subscriber(status="unsubscribed")

    out = send_digest()
    assert "for 3 subscribers" in out
    assert Delivery.objects.filter(state="queued").count() == 3

    run_tasks()
    assert len(smtp_server.messages) == 3
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(s.email for s in daily)
    message = smtp_server.to(daily[0].email)[0]
    assert message["Subject"] == "Convergence daily: Tokens meet models (+1 more)"
    assert re.fullmatch(r"<digest-\d+-\d+@convergence\.example>", message["Message-ID"])
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")  # may be folded
    assert unsubscribe.startswith("https://convergence.example/newsletter/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Tokens meet models" in part and "Agents learn to pay" in part
        assert "Old news" not in part and "Tomorrow" not in part
        assert "not financial, investment or legal advice" in part
        assert "BTC" in part and "DOGE" in part  # the biggest mover joins the big three
        assert "ADA" not in part
        assert "/newsletter/preferences/" in part and unsubscribe in part
    assert text.index("Tokens meet models") < text.index("Agents learn to pay")
    assert all(url.startswith("https://convergence.example/") for url in links_in(text))
    assert "<img" not in html  # no tracking pixel
    assert Delivery.objects.filter(state="sent", sent_at__isnull=False).count() == 3

    again = send_digest()
    run_tasks()
    assert "nothing queued twice" in again
    assert len(smtp_server.messages) == 3 and Digest.objects.count() == 1


@time_machine.travel("2026-12-02 06:00Z")
def test_no_new_briefings_means_no_digest(site, db):
    make_article(publish_at=timezone.now() - timedelta(days=2))
    out = send_digest()
    assert "No briefings published since the last digest" in out
    assert not Digest.objects.exists()


def test_the_next_digest_covers_only_what_was_published_since(site, db):
    make_subscriber()
    with time_machine.travel("2026-12-02 06:00Z"):
        make_article(title="Monday piece", publish_at=timezone.now() - timedelta(hours=2))
        send_digest()
    with time_machine.travel("2026-12-03 06:00Z"):
        make_article(title="Tuesday piece", publish_at=timezone.now() - timedelta(hours=2))
        send_digest()
    titles = [[a["title"] for a in d.articles] for d in Digest.objects.order_by("issue_date")]
    assert titles == [["Monday piece"], ["Tuesday piece"]]


def test_weekly_subscribers_get_a_monday_round_up_of_the_week(site, db):
    make_subscriber(frequency="weekly")
    make_subscriber()
    with time_machine.travel("2026-12-07 06:00Z"):  # a Monday
        make_article(title="Friday piece", publish_at=timezone.now() - timedelta(days=3))
        make_article(title="Sunday piece", publish_at=timezone.now() - timedelta(hours=5))
        send_digest()
    weekly = Digest.objects.get(frequency="weekly")
    assert [a["title"] for a in weekly.articles] == ["Sunday piece", "Friday piece"]
    assert weekly.deliveries.count() == 1
    assert [a["title"] for a in Digest.objects.get(frequency="daily").articles] == ["Sunday piece"]


def test_a_draft_waits_for_the_editors_intro_and_the_next_run_sends_it(site, db):
    make_subscriber()
    make_article(publish_at=timezone.now() - timedelta(hours=1))
    assert "as a draft" in send_digest(draft=True)
    assert Delivery.objects.count() == 0
    Digest.objects.update(intro="Quiet day.")
    assert "for 1 subscriber." in send_digest()
    assert Delivery.objects.count() == 1


def test_queueing_costs_the_same_queries_at_any_list_size(
    site, db, settings, django_assert_max_num_queries
):
    from newsletter.services import digest_compose, digest_queue

    make_article(publish_at=timezone.now() - timedelta(hours=1))
    for size in (5, 60):
        Subscriber.objects.all().delete()
        Digest.objects.all().delete()
        for _ in range(size):
            make_subscriber()
        digest = digest_compose(frequency="daily", now=timezone.now())
        with django_assert_max_num_queries(12):
            assert digest_queue(digest=digest, now=timezone.now()) == size


def test_a_long_send_is_split_into_short_tasks(site, smtp_server, run_tasks, settings):
    settings.NEWSLETTER_SENDERS = 1
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.NEWSLETTER_BATCHES_PER_TASK = 1
    readers = [make_subscriber() for _ in range(5)]
    make_article(publish_at=timezone.now() - timedelta(hours=1))
    send_digest()
    run_tasks()
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(r.email for r in readers)
    done = DBTaskResult.objects.filter(task_path="newsletter.tasks.digest_deliver")
    assert done.filter(status="SUCCESSFUL").count() == 3  # 2 + 2 + 1


def test_a_temporary_refusal_is_retried_later(site, picky_smtp, run_tasks, settings):
    settings.NEWSLETTER_SENDERS = 1
    ada = make_subscriber(email="ada@example.org")
    make_subscriber(email="bob@example.org")
    make_article(publish_at=timezone.now() - timedelta(hours=1))
    picky_smtp.refuse["ada@example.org"] = "451 4.7.1 Greylisted, try again later"
    send_digest()
    run_tasks()

    assert [m["To"] for m in picky_smtp.messages] == ["bob@example.org"]
    delivery = Delivery.objects.get(subscriber=ada)
    assert (delivery.state, delivery.attempts) == ("queued", 1)
    assert "451" in delivery.last_error
    retry = DBTaskResult.objects.filter(status="READY", run_after__isnull=False).order_by(
        "run_after"
    )
    assert retry.exists() and retry[0].run_after <= timezone.now() + timedelta(seconds=61)

    del picky_smtp.refuse["ada@example.org"]
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_tasks()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert sorted(m["To"] for m in picky_smtp.messages) == ["ada@example.org", "bob@example.org"]


def test_permanent_refusals_fail_and_the_third_makes_a_subscriber_bounced(
    site, picky_smtp, run_tasks
):
    gone = make_subscriber(email="gone@example.org", hard_bounces=1)
    picky_smtp.refuse["gone@example.org"] = "550 5.1.1 No such user"
    for day in ("2026-12-02", "2026-12-03"):
        with time_machine.travel(f"{day} 06:00Z"):
            make_article(publish_at=timezone.now() - timedelta(hours=1))
            send_digest()
            run_tasks()
    gone.refresh_from_db()
    assert (gone.status, gone.hard_bounces) == ("bounced", 3)
    failed = Delivery.objects.filter(subscriber=gone).order_by("pk")
    assert [d.state for d in failed] == ["failed", "failed"]
    assert "550" in failed[0].last_error and failed[0].attempts == 1

    with time_machine.travel("2026-12-04 06:00Z"):
        make_article(publish_at=timezone.now() - timedelta(hours=1))
        send_digest()
    assert Delivery.objects.filter(subscriber=gone).count() == 2  # bounced: not queued again


def test_an_unreachable_mail_server_leaves_everything_queued(site, run_tasks, settings):
    from tests.ports import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    make_subscriber()
    make_article(publish_at=timezone.now() - timedelta(hours=1))
    send_digest()
    run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("queued", 0)
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    site, picky_smtp, run_tasks, settings
):
    """A real `db_worker` process is killed while the mail server holds its 4th message; the
    next worker finishes the digest, and every subscriber has exactly one copy."""
    settings.NEWSLETTER_SENDERS = 1
    settings.NEWSLETTER_BATCH_SIZE = 5
    subscribers = [make_subscriber() for _ in range(12)]
    make_article(publish_at=timezone.now() - timedelta(hours=1))
    send_digest()
    picky_smtp.hold_from = 4

    env = {
        **os.environ,
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(picky_smtp.port),
        "SITE_URL": settings.SITE_URL,
        "NEWSLETTER_BATCH_SIZE": "5",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
    )
    try:
        # The 4th message is stored, the worker waits for the server's answer: kill it there.
        wait_until(
            lambda: (
                len(picky_smtp.messages) == 4 and Delivery.objects.filter(state="sent").count() == 3
            ),
            seconds=30,
            what="the worker's 4th message",
            process=worker,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert len(picky_smtp.messages) == 4
    assert Delivery.objects.filter(state="sent").count() == 3
    assert Delivery.objects.filter(state="sending").count() == 1

    # The watchdog task queued with the digest runs once the dead worker's claims lapse.
    picky_smtp.release()
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.NEWSLETTER_CLAIM_SECONDS + 5)
    ):
        run_tasks()

    received = sorted(m["To"] for m in picky_smtp.messages)
    assert received == sorted(s.email for s in subscribers)  # each exactly once
    assert Delivery.objects.filter(state="sent").count() == 11
    [unsure] = Delivery.objects.filter(state="failed")
    assert "not sent again" in unsure.last_error


def test_an_editor_gets_a_test_copy_as_subscribers_will(site, smtp_server, run_tasks, client):
    from django.urls import reverse

    from tests.factories import make_user

    editor = make_user(email="eda@example.org", is_staff=True, is_superuser=True)
    client.force_login(editor)
    make_article(title="Agents learn to pay", publish_at=timezone.now() - timedelta(hours=1))
    send_digest(draft=True)
    digest = Digest.objects.get()
    client.post(
        reverse("admin:newsletter_digest_changelist"),
        {"action": "send_test_to_me", "_selected_action": [digest.pk]},
    )
    run_tasks()
    [copy] = smtp_server.to("eda@example.org")
    assert copy["Subject"] == digest.subject
    assert "Agents learn to pay" in copy.get_body(("plain",)).get_content()
    assert Delivery.objects.count() == 0  # a test copy is not a delivery


def test_a_digest_left_sending_yesterday_resumes_today(site, smtp_server, run_tasks, settings):
    from tests.ports import free_port

    make_subscriber(email="late@example.org")
    yesterday = timezone.now() - timedelta(days=1)
    make_article(publish_at=yesterday - timedelta(hours=1))
    good_host, good_port = settings.EMAIL_HOST, settings.EMAIL_PORT
    with time_machine.travel(yesterday):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # every worker died
        send_digest()
        run_tasks()
    assert Delivery.objects.get().state == "queued"

    settings.EMAIL_HOST, settings.EMAIL_PORT = good_host, good_port
    out = send_digest()
    run_tasks()

    assert "Resumed" in out
    assert Delivery.objects.get(digest__issue_date=timezone.localdate(yesterday)).state == "sent"
    assert smtp_server.to("late@example.org")
