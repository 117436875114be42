from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/post/", views.comment_post, name="post"),
]
