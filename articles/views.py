from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, MonthArchiveView
from taggit.models import Tag

from . import search
from .models import Article, Section


class PublishedArticlesMixin:
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"


class SectionArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(DetailView):
    def get_queryset(self):
        # Staff who may edit briefings preview drafts and scheduled ones at their real URL.
        if self.request.user.has_perm("articles.change_article"):
            articles = Article.objects.not_trashed()
        else:
            articles = Article.objects.published()
        return articles.with_related().select_related("lead_image")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_articles=Article.objects.published().related_to(self.object), **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response


class SearchView(PublishedArticlesMixin, ListView):
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.query = search.clean_query(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return Article.objects.none()
        return search.search(super().get_queryset(), self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query, pagination_query=urlencode({"q": self.query}), **kwargs
        )


class ArchiveIndexView(ListView):
    template_name = "articles/archive.html"
    context_object_name = "months"

    def get_queryset(self):
        return Article.objects.published().month_counts()


class MonthArticleListView(MonthArchiveView):
    paginate_by = settings.ARTICLES_PER_PAGE
    """Django's month archive, as the djangoproject.com weblog uses it: a 404 for a month
    without briefings, and the nearest months with briefings as previous and next."""

    template_name = "articles/archive_month.html"
    date_field = "publish_at"
    month_format = "%m"
    ordering = ["-publish_at", "-id"]
    allow_empty = False

    def get_queryset(self):
        # What the previous/next month lookups read, one row each: no listing prefetches.
        return Article.objects.published()

    def get_dated_queryset(self, **lookup):
        return super().get_dated_queryset(**lookup).for_listing()


class AuthorArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        users = get_user_model().objects.select_related("author_profile")
        self.author = get_object_or_404(users, username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("An account without published briefings has no public page.")
        profile = getattr(self.author, "author_profile", None)
        return {**context, "author": self.author, "bio": profile.bio if profile else ""}
