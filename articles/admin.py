import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.admin import ReadOnlyAdminMixin

from . import calendar, conflicts, locks, previews
from .admin_history import HistoryAdminMixin
from .admin_images import ImageAdminMixin, LeadImageFormMixin
from .models import (
    Article,
    ArticleInReview,
    AuthorProfile,
    EditConflict,
    PreviewLink,
    Section,
    TrashedArticle,
)
from .services import (
    article_delete_forever,
    article_publish,
    article_save,
    article_trash,
    article_unpublish,
    article_untrash,
    preview_link_revoke,
)

Status = Article.Status


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
        return [
            ("live", "Published"),
            ("scheduled", "Scheduled"),
            ("review", "In review"),
            ("draft", "Draft"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "review":
                return queryset.in_review()
            case "draft":
                return queryset.drafts()
        return queryset


# --- The change form: version check, conflicts, review buttons --------------------------------

# Submit buttons of the change form (templates/admin/articles/article/change_form.html).
SUBMIT, PUBLISH, SEND_BACK = "_submit_review", "_publish", "_send_back"


class ArticleAdminForm(LeadImageFormMixin, forms.ModelForm):
    # The version the copy was loaded at; a save from an older one is refused (EditConflict).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    take_theirs = forms.MultipleChoiceField(
        choices=[(name, name) for name in conflicts.MERGEABLE_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_note_text = forms.CharField(
        label="Note to the writer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent back with the briefing; the writer sees it on this page.",
    )
    user = None  # set by ArticleAdmin.get_form
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As stored: clean() validates the instance as a draft, and the page must not follow.
        self.stored_status = self.instance.status if self.instance.pk else Status.DRAFT
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        # Validated as a draft: the chosen status goes to articles.services.article_save, which
        # checks the person may make that move and stamps an empty publish time on publishing.
        self.requested_status = cleaned_data.pop("status", None)
        self.requested_action = next(
            (name for name in (SUBMIT, PUBLISH, SEND_BACK) if name in self.data), None
        )
        if self.requested_action in {PUBLISH, SEND_BACK} and not self.user.has_perm(
            "articles.publish_article"
        ):
            raise ValidationError("Only editors publish briefings or send them back.")
        if self.requested_action == SEND_BACK and not cleaned_data.get("review_note_text"):
            self.add_error("review_note_text", "Tell the writer what to change.")
        self.instance.status = Status.DRAFT
        if self.instance.pk is not None:
            self._check_version(cleaned_data)
        return cleaned_data

    def _check_version(self, cleaned_data):
        current = Article.objects.filter(pk=self.instance.pk).first()
        posted = cleaned_data.get("version")
        if current is None:
            raise ValidationError("This briefing was deleted meanwhile.")
        if posted != current.version:
            self.conflict = conflicts.conflict_build(
                current=current, base_version=posted, cleaned_data=cleaned_data
            )
            # Saving again now means "I have seen theirs": the copy is brought up to date.
            self.data = self.data.copy()
            self.data["version"] = current.version
            raise ValidationError(
                "Someone saved this briefing after you opened it, so your changes were not "
                "saved. Your text is kept below. Compare, choose what to keep, and save again.",
                code="conflict",
            )
        self.instance.version = posted
        for name in cleaned_data.get("take_theirs") or ():
            if name == "tags":
                cleaned_data["tags"] = [tag.name for tag in current.tags.all()]
            elif name in cleaned_data:
                cleaned_data[name] = getattr(current, name)


@admin.register(Article)
class ArticleAdmin(ImageAdminMixin, HistoryAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"
    list_display = ["title", "state", "section", "author", "publish_at", "is_sponsored"]
    list_filter = [StateFilter, "section", "is_sponsored", "author", "tags"]
    list_select_related = ["section", "author"]
    search_fields = ["title", "summary", "body", "tags__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish", "delete_selected"]
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

    def get_queryset(self, request):
        return super().get_queryset(request).not_trashed()

    # Rights: the model says who may edit what; the services enforce it whatever is posted.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "publish_at"]
        if not request.user.has_perm("articles.edit_any_article"):
            fields += ["author"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Saving: one revision for the briefing and its tags, refused from an outdated copy.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with reversion.create_revision():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's check and its save (nothing of ours was kept):
            # showing the form again runs the check, which now sees their save.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        status = context["adminform"].form.stored_status
        can_edit = obj is None or self.has_change_permission(request, obj)
        if obj is not None:
            # Who else has this briefing open, from the row the form was built on.
            if request.method == "GET" and can_edit:
                locks.presence_record(article=obj, user=request.user)
            context["editing_notices"] = [
                locks.presence_notice(presence)
                for presence in locks.others_editing(article=obj, user=request.user)
            ]
            context["heartbeat_seconds"] = locks.HEARTBEAT_SECONDS
        is_editor = self.has_publish_permission(request)
        context.update(
            {
                "stored_status": status,
                "show_submit_for_review": can_edit and not is_editor and status == Status.DRAFT,
                "show_review_actions": is_editor and obj is not None and status == Status.REVIEW,
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        status, note = form.requested_status, None
        match form.requested_action:
            case "_submit_review":
                status = Status.REVIEW
            case "_publish":
                status = Status.PUBLISHED
            case "_send_back":
                status, note = Status.DRAFT, form.cleaned_data["review_note_text"]
        changed = [
            form.fields[name].label or name for name in form.changed_data if name in form.fields
        ]
        changed = [str(label) for label in changed if label not in {"Version", "Take theirs"}]
        comment = "Created" if not change else ("Changed " + ", ".join(changed)) if changed else ""
        article_save(
            article=obj,
            user=request.user,
            status=status,
            note=note,
            comment=comment,
            request=request,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The tags were set after the briefing was saved: the revision records them too.
        reversion.add_to_revision(form.instance)
        locks.presence_release(article=form.instance, user=request.user)

    def response_change(self, request, obj):
        messages_by_action = {
            SUBMIT: "Submitted for review: the editors have been told.",
            PUBLISH: "Published." if obj.is_published else "Scheduled.",
            SEND_BACK: "Sent back to the writer with your note.",
        }
        for action, text in messages_by_action.items():
            if action in request.POST:
                self.message_user(request, f"“{obj}”: {text}", messages.SUCCESS)
        return super().response_change(request, obj)

    # The editing notice's heartbeat (static/js/admin-editing.js).

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(require_POST(self.editing_view)),
                name="{}_{}_editing".format(*info),
            ),
            # Preview links and the editorial calendar: articles/previews.py, articles/calendar.py.
            *calendar.admin_urls(self),
            *previews.admin_urls(self),
            *super().get_urls(),
        ]

    def editing_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("release"):
            locks.presence_release(article=article, user=request.user)
        else:
            locks.presence_record(article=article, user=request.user, heartbeat=True)
        others = locks.others_editing(article=article, user=request.user)
        return JsonResponse({"notices": [locks.presence_notice(p) for p in others]})

    # Deleting moves to the trash (TrashedArticleAdmin): tags and comments stay for a restore.

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        perms_needed = set() if self.has_delete_permission(request) else {"briefing"}
        return [str(obj) for obj in objs], {"briefings": len(objs)}, perms_needed, []

    def delete_model(self, request, obj):
        article_trash(article=obj, user=request.user, request=request)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            f"“{obj_display}” moved to the trash. It can be restored from there.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    # Bulk actions: one service call (one version check, one revision) per briefing.

    @admin.action(description="Publish selected briefings", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED, article_publish, "published")

    @admin.action(
        description="Unpublish selected briefings (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT, article_unpublish, "moved back to draft")

    @admin.action(description="Move selected briefings to the trash", permissions=["delete"])
    def delete_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article_trash(article=article, user=request.user, request=request)
            count += 1
        self.message_user(
            request,
            ngettext("%d briefing moved to the trash.", "%d briefings moved to the trash.", count)
            % count,
            messages.SUCCESS,
        )

    def _set_status(self, request, queryset, status, service, verb):
        count = 0
        for article in queryset.exclude(status=status):
            try:
                with reversion.create_revision():
                    service(article=article, user=request.user, request=request)
            except (ValidationError, PermissionDenied, EditConflict) as error:
                # One briefing the form would refuse does not stop the others.
                reason = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{article}” not {verb}: {reason}", messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%d briefing %s.", "%d briefings %s.", count) % (count, verb),
            messages.SUCCESS,
        )


# --- The review queue and the trash: lists of their own -------------------------------------


@admin.register(ArticleInReview)
class ArticleInReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Briefings writers submitted, oldest first: what editors publish or send back."""

    list_display = ["review_link", "writer", "section", "submitted_at", "word_count"]
    list_display_links = None
    list_select_related = ["section", "author"]
    search_fields = ["title", "summary"]
    ordering = ["submitted_at", "pk"]
    actions = None

    def get_queryset(self, request):
        return Article.objects.in_review().select_related("section", "author")

    @admin.display(description="briefing", ordering="title")
    def review_link(self, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.title)

    @admin.display(description="writer", ordering="author__last_name")
    def writer(self, article):
        return article.author.get_full_name() or article.author.get_username()

    def changelist_view(self, request, extra_context=None):
        title = "Review queue: briefings waiting for an editor, oldest first"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")


@admin.register(TrashedArticle)
class TrashedArticleAdmin(admin.ModelAdmin):
    """Deleted briefings: restorable with their tags and comments; deleted for good only here."""

    list_display = ["title", "trashed_at", "trashed_by", "author", "comment_count", "history_link"]
    list_display_links = None
    list_select_related = ["author", "trashed_by"]
    search_fields = ["title"]
    ordering = ["-trashed_at"]
    actions = ["restore", "delete_forever"]

    def get_queryset(self, request):
        return Article.objects.in_trash().select_related("author", "trashed_by")

    @admin.display(description="history")
    def history_link(self, article):
        url = reverse("admin:articles_article_history", args=[article.pk])
        return format_html('<a href="{}">History</a>', url)

    def changelist_view(self, request, extra_context=None):
        title = "Trash: deleted briefings, restorable with their tags and comments"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.delete_article")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.delete_article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Restore selected briefings (as drafts)", permissions=["delete"])
    def restore(self, request, queryset):
        count = 0
        for article in queryset:
            article_untrash(article=article, user=request.user, request=request)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%d briefing restored as a draft, with its tags and comments.",
                "%d briefings restored as drafts, with their tags and comments.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(description="Delete selected briefings for good", permissions=["delete"])
    def delete_forever(self, request, queryset):
        # Django's own confirmation page, listing the comments that go with them.
        return delete_selected(self, request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # only the explicit "for good" above
        return actions

    def get_deleted_objects(self, objs, request):
        # Comments go with their briefing: moderators' rights are not needed for that.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete_forever(article=article, user=request.user, request=request)


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Every preview link, to see who was sent what and revoke it. Links are made from a
    briefing's change page and never edited; the briefing's permissions govern them."""

    list_display = ["article", "label", "created_by", "created_at", "expires_at", "link_state"]
    list_filter = ["created_at", "expires_at"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "label"]
    fields = [
        "article",
        "label",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    ]
    date_hierarchy = "created_at"
    actions = ["revoke"]

    @admin.display(description="state")
    def link_state(self, link):
        return link.state()

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article") or self.has_revoke_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Revoking is how a link is stopped; deleting happens with its briefing.
        return request.user.has_perm("articles.delete_article")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_revoke_permission(self, request):
        return request.user.has_perm("articles.change_article")

    @admin.action(description="Revoke selected preview links", permissions=["revoke"])
    def revoke(self, request, queryset):
        links = list(queryset.filter(revoked_at__isnull=True).select_related("article"))
        for link in links:
            preview_link_revoke(link=link, revoked_by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%d preview link revoked.", "%d preview links revoked.", len(links))
            % len(links),
            messages.SUCCESS,
        )
