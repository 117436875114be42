import asyncio
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from core.abuse import render_token
from tests.conftest import Inbox, serving_mail


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
    """A mail server that can refuse some recipients and hold back its answer to a message."""

    def __init__(self):
        super().__init__()
        self.refuse = {}  # address -> SMTP reply, e.g. "550 5.1.1 No such user"
        self.hold_from = None  # from this message on (1 = the first), answers wait for release()
        self.released = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Accepted (stored) first, answered later: a kill in between is the worst case.
        reply = await super().handle_DATA(server, session, envelope)
        if self.hold_from is not None and len(self.messages) >= self.hold_from:
            while not self.released.is_set():
                await asyncio.sleep(0.01)
        return reply

    def release(self):
        self.released.set()


@pytest.fixture
def picky_smtp(settings):
    with serving_mail(PickyInbox(), settings) as inbox:
        yield inbox
        inbox.release()
