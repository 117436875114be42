from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The people behind the admin: sign-in protection, two factors, and the audit trail."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "staff"
    verbose_name = "Staff and audit"
