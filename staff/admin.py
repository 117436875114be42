from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format

from core.admin import ReadOnlyAdminMixin

from .lockout import lockouts_lift
from .models import AuditEvent, Lockout


class SuperuserOnly(ReadOnlyAdminMixin):
    """Read by superusers, written by no one through the admin."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["when", "action", "actor_name", "ip", "target_repr", "detail"]
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["actor_name", "ip", "target_repr", "detail"]
    search_help_text = "Search by person, address, briefing or detail"
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False  # a count of a long trail is a slow query for no use

    @admin.display(description="when", ordering="at")
    def when(self, event):
        # Short enough that the list fits a phone; the event's page has the full time.
        return date_format(timezone.localtime(event.at), "j M Y, H:i:s")


@admin.register(Lockout)
class LockoutAdmin(SuperuserOnly, admin.ModelAdmin):
    """Counted failed sign-ins (django-axes); lifting a lockout forgets them."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "locked"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    readonly_fields = ["username", "ip_address", "failures_since_start", "attempt_time"]
    fields = readonly_fields
    actions = ["lift"]

    @admin.display(boolean=True, description="Account locked now")
    def locked(self, attempt):
        recent = attempt.attempt_time >= timezone.now() - settings.AXES_COOLOFF_TIME
        return recent and attempt.failures_since_start >= settings.ADMIN_LOGIN_FAILURE_LIMIT

    @admin.action(description="Lift the lockout (forget these failed sign-ins)")
    def lift(self, request, queryset):
        lifted = lockouts_lift(request=request, attempts=queryset)
        self.message_user(request, f"Lifted {lifted} lockout(s).", messages.SUCCESS)
