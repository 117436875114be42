from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone

from images.forms import upload_clean

from .models import AdvertisePage, Enquiry, Placement, Slot
from .selectors import placements_today

NO_IMPRESSIONS = (
    "Clicks are counted by our own link (/sponsors/…/go/), without cookies or IP addresses. "
    "Impressions are not counted: pages are served from a cache shared by every reader, so "
    "a count per view would be wrong."
)


class PlacementForm(forms.ModelForm):
    def clean_image(self):
        """An upload is checked by its content and stored without its metadata (EXIF, GPS)."""
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged, or cleared
        clean = upload_clean(upload)
        name = upload.name.rsplit(".", 1)[0] + "." + clean.extension
        return SimpleUploadedFile(name, clean.content, content_type=upload.content_type)


class RunningTodayFilter(admin.SimpleListFilter):
    title = "running"
    parameter_name = "running"

    def lookups(self, request, model_admin):
        return [("today", "Today"), ("upcoming", "Upcoming"), ("ended", "Ended")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "today":
                return queryset.running_on(today)
            case "upcoming":
                return queryset.filter(starts_on__gt=today)
            case "ended":
                return queryset.filter(ends_on__lt=today)
        return queryset


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = [
        "sponsor_name",
        "headline",
        "where",
        "starts_on",
        "ends_on",
        "weight",
        "is_active",
        "runs_today",
        "clicks",
    ]
    list_filter = [RunningTodayFilter, "is_active", "runs_under_briefing", "runs_on_home"]
    search_fields = ["sponsor_name", "headline", "url"]
    date_hierarchy = "starts_on"
    readonly_fields = ["clicks", "created_at", "updated_at"]
    # The site's link to a placement counts a click: an editor's look must not.
    view_on_site = False
    form = PlacementForm
    raw_id_fields = ["library_image"]
    # A link typed without a scheme ("lattice.example") becomes https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["sponsor_name", "headline", "text", "url"]}),
        ("Image", {"fields": ["image", "library_image", "image_alt"]}),
        (
            "Where it runs",
            {
                "fields": [
                    "runs_under_briefing",
                    "runs_on_home",
                    "runs_in_newsletter",
                    "runs_in_ticker",
                ],
                "description": "Readers see at most one placement per place and day.",
            },
        ),
        ("When", {"fields": ["starts_on", "ends_on", "weight", "is_active"]}),
        ("Results", {"fields": readonly_fields, "description": NO_IMPRESSIONS}),
    ]

    @admin.display(description="runs in")
    def where(self, placement):
        return ", ".join(slot.capitalize() for slot in placement.slots)

    @admin.display(description="today", boolean=True)
    def runs_today(self, placement):
        return placement.runs_on(timezone.localdate())

    def changelist_view(self, request, extra_context=None):
        today = timezone.localdate()
        running = [
            (Slot(slot).label, placement) for slot, placement in placements_today(today).items()
        ]
        extra = {"today": today, "running_today": running, "no_impressions": NO_IMPRESSIONS}
        return super().changelist_view(request, {**extra, **(extra_context or {})})


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "company", "name", "email", "budget", "status"]
    list_editable = ["status"]
    list_filter = ["status", "budget"]
    search_fields = ["company", "name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "company", "email", "budget", "message", "created_at"]
    fields = [*readonly_fields, "status"]

    def has_add_permission(self, request):
        return False  # enquiries come from /advertise/


@admin.register(AdvertisePage)
class AdvertisePageAdmin(admin.ModelAdmin):
    fields = ["title", "intro", "offer"]

    # The one row is made by a migration: no adding, no deleting, and no query on every
    # admin page to find out.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:sponsors_advertisepage_change", 1)
