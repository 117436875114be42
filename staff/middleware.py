"""Who is asking: for audit receivers Django calls without a request, and for the public site."""

from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .twofactor import second_factor_step

_current_request = ContextVar("staff_current_request", default=None)


def current_request():
    """The request being served in this thread or task, if any."""
    return _current_request.get()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


class SecondFactorMiddleware:
    """Outside the admin, someone who still owes their second factor is nobody yet.

    A password alone must not preview drafts or moderate comments on the public pages either.
    Lazy, like Django's own request.user: pages that never look at the user pay nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(reverse("admin:index")):
            user = request.user
            request.user = SimpleLazyObject(lambda: _unless_owing(request, user))
        return self.get_response(request)


def _unless_owing(request, user):
    return AnonymousUser() if second_factor_step(request, user) else user
