"""Admin sign-in throttling: django-axes with two limits, and the page a locked-out person sees.

Axes counts failures per account-and-address and per address (AXES_LOCKOUT_PARAMETERS) and
compares one number with one limit. The per-address count is scaled so that it reaches that
limit at ADMIN_ADDRESS_FAILURE_LIMIT: a person who mistypes locks only their own account on
their own address, while a script trying many names from one address is stopped as a whole.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse

from .audit import audit_record
from .models import AuditEvent


class StaffAxesBackend(AxesStandaloneBackend):
    """Axes' check before the password one, for sign-ins that come with a request.

    A sign-in without one (a shell, the test client's login()) has no address to count
    against; the admin's login form always passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class StaffLoginHandler(AxesDatabaseHandler):
    def failure_counts(self, request, credentials=None) -> tuple[int, int]:
        """Recent failures for this account from this address, and from this address at all."""
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return per_account, per_address

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A sign-in clears that account's failures from that address only: one good password
        # must not wipe what the address tried against other accounts.
        per_account = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_account.delete()
        return count

    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = self.failure_counts(request, credentials)
        scaled = (
            per_address * settings.ADMIN_LOGIN_FAILURE_LIMIT // settings.ADMIN_ADDRESS_FAILURE_LIMIT
        )
        return max(per_account, scaled)


def locked_out(request, original_response=None, credentials=None):
    """The admin login page again, saying why and for how long signing in is paused (429)."""
    per_account, _ = AxesProxyHandler.get_implementation().failure_counts(request, credentials)
    minutes = settings.ADMIN_LOCKOUT_MINUTES
    if per_account >= settings.ADMIN_LOGIN_FAILURE_LIMIT:
        message = (
            f"Too many failed sign-ins to this account from your address: signing in to it "
            f"from here is paused for {minutes} minutes, even with the right password."
        )
    else:
        message = (
            f"Too many failed sign-ins from your address: signing in from here is paused "
            f"for {minutes} minutes."
        )
    username = get_client_username(request, credentials) or ""
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "app_path": request.get_full_path(),
        "form": AdminAuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next") or reverse("admin:index"),
        "lockout_message": message,
    }
    response = render(request, "admin/login.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def lockouts_lift(*, request, attempts) -> int:
    """Forget the counted failures behind these lockouts, and say who lifted them."""
    lifted = 0
    for attempt in attempts:
        audit_record(
            action=AuditEvent.Action.LOCKOUT_LIFTED,
            request=request,
            detail=(
                f"for “{attempt.username or ''}” from {attempt.ip_address} after "
                f"{attempt.failures_since_start} failures"
            ),
        )
        attempt.delete()
        lifted += 1
    return lifted
