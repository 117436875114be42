import csv

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdminMixin

from . import services
from .emails import digest_message
from .models import Delivery, Digest, Subscriber
from .tasks import digest_send_test

PREVIEW_CSP = {
    "default-src": [NONE],
    "style-src": ["'unsafe-inline'"],
    "img-src": [SELF, "data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [NONE],
}


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "frequency", "created_at", "confirmed_at", "consent_ip"]
    list_filter = ["status", "frequency", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    actions = ["export_confirmed_csv", "unsubscribe"]
    readonly_fields = [
        "created_at",
        "consent_at",
        "consent_ip",
        "consent_page",
        "confirmed_at",
        "unsubscribed_at",
        "confirmation_sent_at",
        "hard_bounces",
    ]
    fields = ["email", "status", "frequency", *readonly_fields]

    @admin.action(description="Export the confirmed addresses among those selected (CSV)")
    def export_confirmed_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "frequency", "confirmed_at", "consent_ip", "consent_page"])
        rows = queryset.confirmed().order_by("email")
        for row in rows.values_list(
            "email", "frequency", "confirmed_at", "consent_ip", "consent_page"
        ).iterator():
            writer.writerow(row)
        return response

    @admin.action(description="Unsubscribe the selected subscribers", permissions=["change"])
    def unsubscribe(self, request, queryset):
        changed = services.subscribers_unsubscribe(queryset=queryset, now=timezone.now())
        self.message_user(request, f"{changed} subscriber(s) unsubscribed.", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """One digest's deliveries, a page at a time (a digest can have 100,000): reached from
    the digest's page, filtered by state."""

    list_display = ["subscriber", "state", "attempts", "last_error", "sent_at"]
    list_filter = ["state", "digest"]
    list_select_related = ["subscriber"]
    list_per_page = 100
    show_full_result_count = False
    search_fields = ["subscriber__email"]
    ordering = ["-state", "id"]


class DigestChangeList(ChangeList):
    """The digests listed with their delivery counts, in the list's one query."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).with_progress()


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["issue_date", "frequency", "subject", "status", "progress"]
    list_filter = ["frequency", "status"]
    search_fields = ["subject"]
    actions = ["send_test_to_me"]
    readonly_fields = [
        "issue_date",
        "frequency",
        "status",
        "period",
        "deliveries_by_state",
        "preview_link",
    ]
    fields = ["subject", "intro", *readonly_fields]

    def get_changelist(self, request, **kwargs):
        # Only the list shows the counts: the change page counts its deliveries by state.
        return DigestChangeList

    def has_add_permission(self, request):
        return False  # composed by `send_digest`, from what was published

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != Digest.Status.DRAFT:
            return ["subject", "intro", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description="deliveries")
    def progress(self, obj):
        return f"{obj.queued_count} queued · {obj.sent_count} sent · {obj.failed_count} failed"

    @admin.display(description="deliveries")
    def deliveries_by_state(self, obj):
        """A count per state, each a link to that page of the delivery list: never the rows
        themselves, which can number 100,000."""
        counts = dict(obj.deliveries.order_by().values_list("state").annotate(total=Count("id")))
        url = reverse("admin:newsletter_delivery_changelist")
        return format_html_join(
            " · ",
            '<a href="{}?digest__id__exact={}&amp;state__exact={}">{} {}</a>',
            (
                (url, obj.pk, state.value, f"{counts.get(state.value, 0):,}", state.label.lower())
                for state in Delivery.State
            ),
        )

    @admin.display(description="briefings published")
    def period(self, obj):
        return f"{obj.period_start:%d %b %H:%M} – {obj.period_end:%d %b %H:%M}"

    @admin.display(description="preview")
    def preview_link(self, obj):
        url = reverse("admin:newsletter_digest_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">Open the email as sent</a>', url)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview)
        return [
            path("<int:pk>/preview/", preview, name="newsletter_digest_preview"),
            *super().get_urls(),
        ]

    @method_decorator(csp(PREVIEW_CSP))
    def preview(self, request, pk):
        """The HTML part exactly as a subscriber gets it, addressed to the editor.

        Emails need inline styles; this one page allows them, and nothing else (no script).
        """
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        digest = get_object_or_404(Digest, pk=pk)
        reader = Subscriber(email=request.user.email or "editor@example.org", key="preview")
        message = digest_message(digest=digest, subscriber=reader)
        return HttpResponse(message.alternatives[0].content)

    @admin.action(description="Send a test of the selected digest to me")
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(request, "Your account has no email address.", messages.ERROR)
            return
        for digest in queryset:
            digest_send_test.enqueue(digest.pk, request.user.email)
        self.message_user(
            request, f"A test copy is on its way to {request.user.email}.", messages.SUCCESS
        )
