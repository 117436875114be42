"""Who is asking, for audit receivers that Django calls without a request (m2m_changed, deletes)."""

from contextvars import ContextVar

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
