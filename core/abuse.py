"""What every public form does against bots and floods: one place, used by comments,
newsletter signups and advertising enquiries.

- a hidden field people never see (`homepage`): only bots fill it in;
- a signed render time (`rendered`): a form sent faster than a person types is from a bot;
- a per-IP allowance in the shared cache (`rate_limited`), answered with HTTP 429.
"""

import ipaddress
from datetime import datetime

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.forms.renderers import Jinja2
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

RENDER_TOKEN_SALT = "forms.rendered"
RENDER_TOKEN_MAX_AGE = 60 * 60 * 24
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Public forms are drawn on every uncached page: Django's own Jinja2 widget templates give the
# same HTML at a fraction of the Django engine's cost. Site-wide FORM_RENDERER stays the
# default, because the admin's widgets exist only as Django templates.
PUBLIC_FORM_RENDERER = Jinja2()


class BotTrapForm(forms.Form):
    """Base for public forms: the honeypot and the signed render time, checked by `is_bot`."""

    default_renderer = PUBLIC_FORM_RENDERER
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("rendered", render_token())
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_bot(self, *, min_seconds: int, now: datetime | None = None) -> bool:
        return looks_like_a_bot(
            honeypot=self.cleaned_data.get("homepage", ""),
            render_token=self.cleaned_data.get("rendered", ""),
            min_seconds=min_seconds,
            now=now,
        )


# --- Signed render time --------------------------------------------------------------------


def render_token(*, now: datetime | None = None) -> str:
    return signing.dumps((now or timezone.now()).timestamp(), salt=RENDER_TOKEN_SALT)


def seconds_since_render(token: str, *, now: datetime | None = None) -> float | None:
    """None when the token is missing, forged or too old."""
    try:
        rendered = signing.loads(token, salt=RENDER_TOKEN_SALT, max_age=RENDER_TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    return (now or timezone.now()).timestamp() - float(rendered)


def looks_like_a_bot(
    *, honeypot: str, render_token: str, min_seconds: int, now: datetime | None = None
) -> bool:
    if honeypot:
        return True
    elapsed = seconds_since_render(render_token, now=now)
    return elapsed is None or elapsed < min_seconds


# --- Flood control ---------------------------------------------------------------------------


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/m' -> (5, 60): how many posts per how many seconds. ValueError when malformed."""
    count, slash, period = rate.strip().partition("/")
    unit = period.strip()[:1].lower()
    if not slash or not count.strip().isdigit() or int(count) < 1 or unit not in PERIODS:
        raise ValueError(f"{rate!r} is not a rate like 5/m (N per s, m, h or d)")
    return int(count), PERIODS[unit]


def rate_limited(scope: str, ip: str | None, *, rate: str, now: datetime | None = None) -> bool:
    """Count this post against the IP's allowance for `scope`; True once it is used up."""
    if not rate or not ip:
        return False
    limit, period = parse_rate(rate)
    window = int((now or timezone.now()).timestamp() // period)
    key = f"rate:{scope}:{ip}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        used = 1
    return used > limit


def too_many_requests(request, *, template: str, retry_after: int) -> HttpResponse:
    """The friendly 429 page, telling the browser when it may try again."""
    response = render(request, template, status=429)
    response["Retry-After"] = retry_after
    return response


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the nearest untrusted address in X-Forwarded-For behind a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address if _is_ip(address) else remote
    return remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
