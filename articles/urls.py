from django.urls import path

from . import feeds, previews, views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("sections/<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("preview/<str:token>/", previews.preview, name="preview"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path(
        "archive/<int:year>/<int:month>/",
        views.MonthArticleListView.as_view(),
        name="archive_month",
    ),
    path("authors/<str:username>/", views.AuthorArticleListView.as_view(), name="author"),
    path("feed/", feeds.conditional(feeds.LatestBriefingsFeed()), name="feed"),
    path("feed/atom/", feeds.conditional(feeds.LatestBriefingsAtomFeed()), name="atom"),
    path("tags/<slug:slug>/feed/", feeds.conditional(feeds.TagFeed()), name="tag_feed"),
    path("sections/<slug:slug>/feed/", feeds.conditional(feeds.SectionFeed()), name="section_feed"),
]
