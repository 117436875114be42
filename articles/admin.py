from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

from .admin_images import ImageAdminMixin, LeadImageFormMixin
from .models import Article, AuthorProfile, Section
from .services import article_publish, article_unpublish


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", "Published"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "draft":
                return queryset.drafts()
        return queryset


class ArticleAdminForm(LeadImageFormMixin, forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        # Validated as a draft: ArticleAdmin.save_model hands the chosen status to
        # article_publish / article_unpublish, which stamp an empty publish time when publishing.
        self.requested_status = cleaned_data.pop("status", None)
        self.instance.status = Article.Status.DRAFT
        return cleaned_data


@admin.register(Article)
class ArticleAdmin(ImageAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "state", "section", "author", "publish_at", "is_sponsored"]
    list_filter = [StateFilter, "section", "is_sponsored", "author", "tags"]
    list_select_related = ["section", "author"]
    search_fields = ["title", "summary", "body", "tags__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish"]
    readonly_fields = ["reading_minutes", "word_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "section", "tags"]}),
        (
            "Lead image",
            {"fields": ["lead_image", "lead_image_alt", "lead_image_credit", "lead_image_pick"]},
        ),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at", "author", "comments_enabled"],
                "description": f"Times are in {timezone.get_current_timezone_name()}.",
            },
        ),
        ("Sponsorship", {"fields": ["is_sponsored", "sponsor_name"]}),
        (
            "About this briefing",
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="state", ordering="status")
    def state(self, article):
        return article.state_label

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        if form.requested_status == Article.Status.PUBLISHED:
            article_publish(article=obj)
        else:
            article_unpublish(article=obj)

    @admin.action(description="Publish selected briefings", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, article_publish, "published")

    @admin.action(
        description="Unpublish selected briefings (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_status(
            request, queryset, Article.Status.DRAFT, article_unpublish, "moved back to draft"
        )

    def _set_status(self, request, queryset, status, service, verb):
        count = 0
        for article in queryset.exclude(status=status):
            try:
                service(article=article)
            except ValidationError as error:
                # One briefing the form would refuse does not stop the others.
                self.message_user(
                    request, f"“{article}” not {verb}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%d briefing %s.", "%d briefings %s.", count) % (count, verb),
            messages.SUCCESS,
        )
