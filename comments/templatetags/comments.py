from django import template
from django.urls import reverse

from comments import moderation, visitor
from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import thread_html
from comments.selectors import comment_tree_for

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, article):
    """The thread and the form under a briefing: one query, whatever the number of comments."""
    request = context["request"]
    thread = comment_tree_for(article, pending_ids=visitor.pending_ids(request))
    is_open = moderation.comments_open(article)

    replying_to = None
    replyto = request.GET.get("replyto", "")
    if replyto.isdigit():
        replying_to = thread.by_id.get(int(replyto))
        if replying_to and replying_to.status != Comment.Status.APPROVED:
            replying_to = None

    form = context.get("comment_form")
    if form is None:
        form = CommentForm(initial=_initial(request, article, replying_to))
    parent_id = form["parent"].value()
    if form.is_bound and str(parent_id or "").isdigit():
        replying_to = thread.by_id.get(int(parent_id))
    return {
        "article": article,
        "thread": thread,
        "thread_html": thread_html(thread, is_open=is_open, page_url=article.get_absolute_url()),
        "form": form,
        "is_open": is_open,
        "replying_to": replying_to,
        "is_moderator": moderation.moderator_may_post(request.user),
        "post_url": reverse("comments:post"),
        "request": request,
    }


def _initial(request, article, replying_to):
    initial = {
        "article": article.pk,
        "parent": replying_to.pk if replying_to else None,
        **visitor.remembered_author(request),
    }
    if initial.get("name"):
        initial["remember"] = True
    user = request.user
    if moderation.moderator_may_post(user):
        initial.update(name=user.get_full_name() or user.get_username(), email=user.email)
    return initial
