from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import abuse


def form_data(article, /, **overrides):
    """A valid post, as if the form had been on screen for ten seconds."""
    data = {
        "article": article.pk,
        "parent": "",
        "rendered": abuse.render_token(now=timezone.now() - timedelta(seconds=10)),
        "name": "Nadia Reader",
        "email": "nadia@example.org",
        "url": "",
        "body": "A thoughtful remark.\nOn two lines.",
        "homepage": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post_comment(client):
    def post(article, /, **overrides):
        return client.post(reverse("comments:post"), form_data(article, **overrides))

    return post


@pytest.fixture(autouse=True)
def _policy(settings):
    settings.COMMENTS_MODERATION = "first-time"
    settings.COMMENTS_RATE_LIMIT = "100/m"
    settings.COMMENTS_MAX_DEPTH = 5
    settings.COMMENTS_MAX_LINKS = 2
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    settings.COMMENTS_DISALLOWED_WORDS = []
    settings.TRUSTED_PROXIES = []
    settings.COMMENTS_NOTIFY_MODERATORS = False
