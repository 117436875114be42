from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    """The people behind the admin: sign-in protection, two factors, and the audit trail."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "staff"
    verbose_name = "Staff and audit"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the checks and receivers)


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site asks for the second factor (staff/sites.py)."""

    default = False  # StaffConfig stays this module's default
    default_site = "staff.sites.StaffAdminSite"
