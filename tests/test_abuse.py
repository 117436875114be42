from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from core import abuse


@pytest.mark.parametrize(
    ("honeypot", "seconds_ago", "forged", "is_bot"),
    [
        ("", 10, False, False),
        ("http://spam.example", 10, False, True),
        ("", 1, False, True),
        ("", 10, True, True),
    ],
)
def test_honeypot_and_render_time_spot_bots(honeypot, seconds_ago, forged, is_bot):
    now = timezone.now()
    token = abuse.render_token(now=now - timedelta(seconds=seconds_ago))
    if forged:
        token = token[:-2] + "xx"
    assert (
        abuse.looks_like_a_bot(honeypot=honeypot, render_token=token, min_seconds=3, now=now)
        is is_bot
    )


def test_rate_limit_counts_posts_per_ip_and_scope_in_a_window():
    now = timezone.now().replace(second=5)
    posts = [abuse.rate_limited("comments", "10.0.0.1", rate="2/m", now=now) for _ in range(3)]
    assert posts == [False, False, True]
    assert abuse.rate_limited("comments", "10.0.0.2", rate="2/m", now=now) is False
    later = now + timedelta(minutes=1)
    assert abuse.rate_limited("comments", "10.0.0.1", rate="2/m", now=later) is False


@pytest.mark.parametrize(
    ("rate", "parsed"), [("5/m", (5, 60)), ("10/h", (10, 3600)), ("1/s", (1, 1))]
)
def test_parse_rate(rate, parsed):
    assert abuse.parse_rate(rate) == parsed


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # never trust XFF by default
        (["10.0.0.1"], "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # rightmost wins
        (["10.0.0.1"], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # not from the proxy
        (["10.0.0.1"], "10.0.0.1", "not-an-ip", "10.0.0.1"),
    ],
)
def test_client_ip(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert abuse.client_ip(request) == expected


@pytest.mark.parametrize("rate", ["5", "five/m", "5/w", "0/m", "/m", "-1/m"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError, match="not a rate"):
        abuse.parse_rate(rate)


def test_scopes_have_separate_allowances():
    now = timezone.now().replace(second=5)
    assert abuse.rate_limited("comments", "10.0.0.3", rate="1/m", now=now) is False
    assert abuse.rate_limited("newsletter", "10.0.0.3", rate="1/m", now=now) is False
    assert abuse.rate_limited("comments", "10.0.0.3", rate="1/m", now=now) is True
