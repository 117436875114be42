"""The shared email plumbing: composed in the worker, delivered through a real SMTP server."""

from django.core import mail
from django_tasks import task

from core.mail import absolute_url, compose


@task()
def send_hello(to: str) -> None:
    compose(
        to=to,
        subject="Hello\r\nBcc: victim@example.org",
        template="email/test_hello",
        context={"name": "Ada"},
        unsubscribe_url=absolute_url("/unsubscribe/abc/"),
    ).send()


def test_a_task_sends_both_parts_with_one_click_unsubscribe(smtp_server, run_tasks, settings):
    settings.SITE_URL = "https://convergence.example"
    send_hello.enqueue("ada@example.org")
    assert smtp_server.messages == []  # nothing leaves until the worker runs

    run_tasks()

    [message] = smtp_server.to("ada@example.org")
    assert message["Subject"] == "Hello Bcc: victim@example.org"  # one line, no injected header
    assert message["Bcc"] is None
    assert message["List-Unsubscribe"] == "<https://convergence.example/unsubscribe/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hi Ada" in text and "Unsubscribe: https://convergence.example/unsubscribe/abc/" in text
    assert "Hi Ada" in html and 'href="https://convergence.example/unsubscribe/abc/"' in html


def test_absolute_url_keeps_absolute_links():
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_nothing_is_sent_without_the_worker(smtp_server, db):
    send_hello.enqueue("bob@example.org")
    assert smtp_server.messages == [] and mail.outbox == []
