from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("sections/<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
]
