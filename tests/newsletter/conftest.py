import asyncio
from datetime import timedelta

import pytest
from django.utils import timezone

from core.abuse import render_token
from tests.conftest import Inbox, free_port


@pytest.fixture
def signup(client):
    """POST the signup form as a person would: from one of our pages, a few seconds after load."""

    def post(email, *, client=client, referer="http://testserver/articles/hello/", **extra):
        data = {
            "email": email,
            "homepage": extra.pop("homepage", ""),
            "rendered": extra.pop("rendered", render_token(now=timezone.now() - timedelta(10))),
        }
        return client.post("/newsletter/subscribe/", data, HTTP_REFERER=referer, **extra)

    return post


class PickyInbox(Inbox):
    """A mail server that can refuse some recipients and take its time over each message."""

    def __init__(self):
        super().__init__()
        self.refuse = {}  # address -> SMTP reply, e.g. "550 5.1.1 No such user"
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Accepted (stored) first, answered later: a kill in between is the worst case.
        reply = await super().handle_DATA(server, session, envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        return reply


@pytest.fixture
def picky_smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = PickyInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
