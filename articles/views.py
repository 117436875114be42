from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

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
            return Article.objects.with_related()
        return Article.objects.published().with_related()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response
