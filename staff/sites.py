"""The admin site: Django's, with the second factor asked before any page (staff/twofactor.py)."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import views
from .twofactor import second_factor_step

STEP_URLS = {"verify": "admin:staff_verify", "enrol": "admin:staff_two_factor"}


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return self.password_passed(request) and second_factor_step(request) is None

    def password_passed(self, request) -> bool:
        """Signed in as active staff, whether or not the second factor is still owed."""
        return super().has_permission(request)

    def login(self, request, extra_context=None):
        step = second_factor_step(request) if self.password_passed(request) else None
        if request.method == "GET" and step:
            return redirect(f"{reverse(STEP_URLS[step])}?{urlencode({'next': _next(request)})}")
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            step = second_factor_step(request) if self.password_passed(request) else None
            if step and request.resolver_match.url_name == "logout":
                return view(request, *args, **kwargs)  # signing out needs no second factor
            if step:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(STEP_URLS[step])}?{query}")
            return guarded(request, *args, **kwargs)

        return update_wrapper(never_cache(inner), guarded)

    def staff_view(self, view):
        """For the second-factor pages themselves: staff signed in with a password only."""

        def inner(request, *args, **kwargs):
            if not self.password_passed(request):
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(update_wrapper(inner, view)))

    def get_urls(self):
        return [
            path("verify/", self.staff_view(views.verify), name="staff_verify"),
            path("two-factor/", self.staff_view(views.two_factor), name="staff_two_factor"),
            path("two-factor/app/", self.staff_view(views.totp_add), name="staff_totp_add"),
            path(
                "two-factor/recovery-codes/",
                self.staff_view(views.recovery_codes),
                name="staff_recovery_codes",
            ),
            path("two-factor/remove/", self.staff_view(views.remove_factor), name="staff_remove"),
            *super().get_urls(),
        ]


def _next(request) -> str:
    return request.GET.get("next") or reverse("admin:index")
