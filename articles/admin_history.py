"""The history pages of a briefing in the admin (docs/editing.md, "History"):

- `<id>/history/` lists its revisions, newest first, paged;
- `<id>/history/<revision>/` shows one, the diff against the current briefing, and a POST form
  that restores it (a new revision: history is never rewritten).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import history
from .models import Article, EditConflict
from .services import article_restore_revision


class HistoryAdminMixin:
    """For ArticleAdmin: replaces Django's log-entry history with the revisions."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/<int:revision_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            *super().get_urls(),
        ]

    def _history_article(self, request, object_id) -> Article:
        # Trashed briefings keep a readable history: it helps decide whether to restore them.
        article = Article.objects.select_related("section").filter(pk=object_id).first()
        if article is None:
            raise Http404("No such briefing.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self._history_article(request, object_id)
        paginator = Paginator(history.versions_of(article), history.REVISIONS_PER_PAGE)
        page = paginator.get_page(request.GET.get("p"))
        # One more than the page holds, to say what the page's oldest revision changed.
        start = (page.number - 1) * paginator.per_page
        versions = list(paginator.object_list[start : start + paginator.per_page + 1])
        snapshots = history.snapshots_of(versions)
        rows = []
        for index, version in enumerate(versions[: paginator.per_page]):
            # The extra row was fetched above, so a missing older one means the first revision.
            older = versions[index + 1] if index + 1 < len(versions) else None
            rows.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "changed": history.changed_field_labels(
                        snapshots[older.pk] if older else None, snapshots[version.pk]
                    ),
                    "is_current": page.number == 1 and index == 0,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"History: {article}",
            "subtitle": None,
            "object": article,
            "rows": rows,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2),
            "can_change": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def revision_view(self, request, object_id, revision_id):
        article = self._history_article(request, object_id)
        version = (
            history.versions_of(article).filter(revision_id=revision_id).first()
            if revision_id
            else None
        )
        if version is None:
            raise Http404("No such revision of this briefing.")
        can_restore = self.has_change_permission(request, article) and not article.is_trashed
        error = ""
        if request.method == "POST":
            if not can_restore:
                raise PermissionDenied
            try:
                article.version = int(request.POST.get("version", ""))
            except ValueError:
                article.version = -1
            try:
                article_restore_revision(
                    article=article, version=version, user=request.user, request=request
                )
            except EditConflict:
                error = (
                    "Someone saved this briefing after you opened this page, so nothing was "
                    "restored. The comparison below is now against their version: look again."
                )
                article = Article.objects.get(pk=article.pk)
            else:
                when = timezone.localtime(version.revision.date_created)
                messages.success(
                    request,
                    f"Revision #{revision_id} of {when:%-d %b %Y, %H:%M} restored, as a new "
                    "revision. Status and publish time are unchanged.",
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        then = history.snapshots_of([version])[version.pk]
        now = history.snapshot_of_article(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revision #{revision_id}: {article}",
            "subtitle": None,
            "object": article,
            "version": version,
            "revision": version.revision,
            "snapshot": then,
            "changes": history.changes_between(then, now),
            "body_diff": history.body_diff(then, now),
            "same_body": then.get("body") == now.get("body"),
            "can_restore": can_restore,
            "error": error,
        }
        return TemplateResponse(
            request,
            "admin/articles/article/revision.html",
            context,
            status=409 if error else 200,
        )
