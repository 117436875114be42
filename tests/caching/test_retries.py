"""Work that fails on an outside service is tried again with a growing delay, then given up
with an error in the log (core/tasks.py retry_later): HTTP cache purges and every email a task
sends. A mail server's final refusal (5xx) is not asked again."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, ReplyAddress
from comments.tasks import send_moderators_notice, send_reply_confirmation
from core.purge import purge
from core.tasks import http_caches_purge, retry_later
from newsletter.models import Subscriber
from newsletter.tasks import confirmation_send
from sponsors.models import Enquiry
from sponsors.tasks import enquiry_notify
from tests.factories import make_comment, make_subscriber, make_user
from tests.ports import free_port

pytestmark = pytest.mark.django_db


def queued(path):
    return list(DBTaskResult.objects.filter(task_path=path, status="READY").order_by("run_after"))


@pytest.fixture
def dead_varnish(settings):
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nobody listens
    settings.HTTP_CACHE_PURGE_TIMEOUT = 0.5


def test_a_failed_purge_is_tried_again_later_with_a_doubling_delay(dead_varnish, settings, caplog):
    before = timezone.now()
    http_caches_purge.func(keys=["article:1", "list"])
    http_caches_purge.func(keys=["article:1", "list"], attempt=2)

    first, second = queued("core.tasks.http_caches_purge")
    assert first.args_kwargs["kwargs"] == {"keys": ["article:1", "list"], "attempt": 2}
    assert second.args_kwargs["kwargs"]["attempt"] == 3
    delay = settings.TASK_RETRY_SECONDS
    assert (
        before + timedelta(seconds=delay)
        <= first.run_after
        <= timezone.now() + timedelta(seconds=delay)
    )
    assert first.run_after + timedelta(seconds=delay) <= second.run_after
    assert "HTTP cache purge of article:1 list failed (attempt 1)" in caplog.text


def test_a_purge_that_finally_fails_says_the_pages_expire_on_their_own(
    dead_varnish, settings, caplog
):
    with caplog.at_level(logging.ERROR, logger="convergence.tasks"):
        http_caches_purge.func(keys=["article:7"], attempt=settings.TASK_RETRY_ATTEMPTS)

    assert queued("core.tasks.http_caches_purge") == []
    assert "giving up (those pages expire by their own lifetime (s-maxage))" in caplog.text
    assert "article:7" in caplog.text


def test_a_reply_confirmation_the_mail_server_refused_is_tried_again(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    address = ReplyAddress.objects.create(email="ada@example.org", created_at=timezone.now())

    send_reply_confirmation.func(address.pk)

    [retry] = queued("comments.tasks.send_reply_confirmation")
    assert retry.args_kwargs["kwargs"] == {"address_id": address.pk, "attempt": 2}
    assert "Reply confirmation to address" in caplog.text


def test_purge_records_a_failing_cache_dropped_are_written_again_later(
    settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # Redis is away
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        purge("article:3")

    [retry] = queued("core.purge.purge_records_write")
    assert retry.args_kwargs["kwargs"] == {"keys": ["article:3"]}


@pytest.fixture
def dead_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens


def test_every_email_a_task_sends_is_tried_again_when_the_server_is_away(dead_smtp, settings):
    settings.ADVERTISING_EMAIL = ["ads@example.org", "editor@example.org"]
    enquiry = Enquiry.objects.create(
        name="Ada", company="Engines", email="ada@e.example", budget="unsure", message="Hi"
    )
    enquiry_notify.func(enquiry.pk)
    [retry] = queued("sponsors.tasks.enquiry_notify")
    assert retry.args_kwargs["kwargs"] == {
        "enquiry_id": enquiry.pk,
        "to": ["ads@example.org", "editor@example.org"],  # neither was reached
        "attempt": 2,
    }

    make_user(username="mo", email="mo@example.org").groups.add(
        Group.objects.get(name="Moderators")
    )
    held = make_comment(status=Comment.Status.PENDING)
    send_moderators_notice.func(held.pk)
    [retry] = queued("comments.tasks.send_moderators_notice")
    assert retry.args_kwargs["kwargs"] == {"comment_id": held.pk, "attempt": 2}

    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    assert confirmation_send.func(subscriber.pk).startswith("trying again")
    [retry] = queued("newsletter.tasks.confirmation_send")
    assert retry.args_kwargs["kwargs"] == {"subscriber_id": subscriber.pk, "attempt": 2}


def test_a_final_refusal_is_not_asked_again(caplog):
    refused = smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"No such user")})
    with caplog.at_level(logging.ERROR, logger="convergence.tasks"):
        assert not retry_later(
            confirmation_send,
            attempt=1,
            error=refused,
            what="Confirmation email to subscriber 1",
            giving_up="the reader can sign up again",
            subscriber_id=1,
        )
    assert queued("newsletter.tasks.confirmation_send") == []
    assert "was refused, giving up (the reader can sign up again)" in caplog.text
