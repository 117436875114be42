from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from comments import moderation
from comments.models import Comment, DisallowedWord
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db
Status = Comment.Status


def status(**overrides):
    values = {
        "name": "Nadia",
        "email": "nadia@example.org",
        "url": "",
        "body": "Fine words.",
        "is_bot": False,
        "by_moderator": False,
    }
    return moderation.status_for(**{**values, **overrides})[0]


@pytest.mark.parametrize(
    ("mode", "has_history", "expected"),
    [
        ("first-time", False, Status.PENDING),
        ("first-time", True, Status.APPROVED),
        ("all", True, Status.PENDING),
        ("none", False, Status.APPROVED),
    ],
)
def test_moderation_mode(settings, mode, has_history, expected):
    settings.COMMENTS_MODERATION = mode
    if has_history:
        make_comment(email="NADIA@example.org")
    assert status() == expected


def test_a_pending_or_spam_history_does_not_count_as_approved(settings):
    make_comment(email="nadia@example.org", status=Status.PENDING)
    make_comment(email="nadia@example.org", status=Status.SPAM)
    assert status() == Status.PENDING


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("two links https://a.example and www.b.example", Status.APPROVED),
        ("three https://a.example http://b.example www.c.example", Status.PENDING),
    ],
)
def test_more_links_than_allowed_are_held_even_for_known_authors(settings, body, expected):
    settings.COMMENTS_MODERATION = "none"
    assert status(body=body) == expected


def test_disallowed_words_from_settings_and_admin_make_spam(settings):
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_DISALLOWED_WORDS = ["casino"]
    DisallowedWord.objects.create(word="  AirDrop ")
    assert status(body="Best CASINO bonus") == Status.SPAM
    assert status(body="free airdrop now") == Status.SPAM
    assert status(name="airdrop king") == Status.SPAM
    assert status(body="airdropped is a different word") == Status.APPROVED


def test_a_bot_is_spam_and_a_moderator_is_approved():
    assert status(is_bot=True) == Status.SPAM
    assert status(by_moderator=True, body="https://a https://b https://c") == Status.APPROVED


def test_the_same_text_from_the_same_email_within_an_hour_is_a_duplicate():
    now = timezone.now()
    first = make_comment(email="nadia@example.org", body="Same words", now=now)
    with pytest.raises(ValidationError) as error:
        moderation.check_not_duplicate(
            article=first.article, email="Nadia@example.org", body="Same words", now=now
        )
    assert "already posted" in error.value.message_dict["body"][0]
    # Later, elsewhere, or from someone else: fine.
    moderation.check_not_duplicate(
        article=first.article,
        email="nadia@example.org",
        body="Same words",
        now=now + timedelta(hours=1, seconds=1),
    )
    moderation.check_not_duplicate(
        article=make_article(), email="nadia@example.org", body="Same words", now=now
    )
    moderation.check_not_duplicate(
        article=first.article, email="other@example.org", body="Same words", now=now
    )


def test_comments_close_per_briefing_and_after_n_days(settings):
    now = timezone.now()
    article = make_article(publish_at=now - timedelta(days=10))
    assert moderation.comments_open(article, now=now)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    assert moderation.comments_open(article, now=now)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    assert not moderation.comments_open(article, now=now)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    article.comments_enabled = False
    assert not moderation.comments_open(article, now=now)
