from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/", views.comment_post, name="post"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comments/<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("comments/<int:pk>/delete/", views.comment_delete_view, name="delete"),
    path("comments/replies/confirm/<str:token>/", views.reply_confirm, name="confirm"),
    path("comments/replies/unsubscribe/<str:token>/", views.reply_unsubscribe, name="unsubscribe"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/feed/atom/", feeds.LatestCommentsAtomFeed(), name="atom"),
    path("articles/<slug:slug>/comments/feed/", feeds.ArticleCommentsFeed(), name="article_feed"),
    path(
        "articles/<slug:slug>/comments/feed/atom/",
        feeds.ArticleCommentsAtomFeed(),
        name="article_atom",
    ),
]
