from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from .models import Comment, CommentRevision, DisallowedWord
from .services import comments_changed, comments_moderate

Status = Comment.Status


class RevisionInline(admin.TabularInline):
    """What the author wrote before each edit."""

    model = CommentRevision
    fields = ["replaced_at", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "earlier text"
    verbose_name_plural = "earlier text (before the author edited it)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    inlines = [RevisionInline]
    list_display = ["excerpt", "name", "email", "article", "status", "created_at", "on_site"]
    list_filter = ["status", "is_team", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "remove"]
    list_per_page = 50
    readonly_fields = [
        "article",
        "parent",
        "in_thread",
        "created_at",
        "ip_address",
        "user_agent",
        "moderation_note",
        "user",
        "is_team",
        "notify",
        "edited_at",
    ]
    fields = [
        "status",
        "name",
        "email",
        "url",
        "body",
        "article",
        "in_thread",
        "parent",
        "created_at",
        "edited_at",
        "notify",
        "moderation_note",
        "ip_address",
        "user_agent",
        "user",
        "is_team",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_ordering(self, request):
        # The queue: held comments first, then the newest.
        held_first = Case(
            When(status=Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [held_first.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # comments come from the site, where the policy applies

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(90)

    @admin.display(description="on site")
    def on_site(self, comment):
        if comment.status != Status.APPROVED:
            return "—"
        return format_html('<a href="{}">View</a>', comment.get_absolute_url())

    @admin.display(description="in the thread")
    def in_thread(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), comment.article.title)

    def save_model(self, request, obj, form, change):
        # A new status goes through the moderation service (counts, cache, reply emails).
        new_status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if new_status != obj.status:
            comments_moderate(ids=[obj.pk], status=new_status)
            obj.status = new_status
        else:
            comments_changed(article_ids=[obj.article_id])

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        comments_changed(article_ids=article_ids)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        comments_changed(article_ids=[obj.article_id])

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED, "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM, "marked as spam")

    @admin.action(description="Remove selected comments from the site", permissions=["change"])
    def remove(self, request, queryset):
        self._moderate(request, queryset, Status.REMOVED, "removed")

    def _moderate(self, request, queryset, status, verb):
        count = comments_moderate(ids=queryset.values_list("pk", flat=True), status=status)
        self.message_user(
            request,
            ngettext("%d comment %s.", "%d comments %s.", count) % (count, verb),
            messages.SUCCESS,
        )


@admin.register(DisallowedWord)
class DisallowedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "added_at"]
    search_fields = ["word"]
