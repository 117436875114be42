from django import template
from django.urls import reverse
from django.utils.html import format_html

from comments import moderation, rendering, selectors, visitor
from comments.forms import CommentForm
from comments.models import Comment
from comments.services import comment_is_editable

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, article):
    """The thread (one page of it) and the form under a briefing, in constant queries.

    The public thread comes from the shared cache; a visitor with held comments or Edit links
    of their own gets it drawn for them (the page cache skips them: their cookies say so).
    """
    request = context["request"]
    is_open = moderation.comments_open(article)
    pending_ids = visitor.pending_ids(request)
    own_ids = visitor.editable_ids(request)
    if pending_ids or own_ids:
        pages = selectors.page_count(article)
        page = selectors.page_number(request.GET.get("cpage"), pages=pages)
        thread = selectors.comment_tree_for(
            article, page=page, pages=pages, pending_ids=pending_ids
        )
        editable = [pk for pk in own_ids if pk in thread.by_id]
        editable = [pk for pk in editable if comment_is_editable(thread.by_id[pk])]
        thread_html = rendering.thread_html(
            article=article, thread=thread, is_open=is_open, editable_ids=editable
        )
    else:
        thread_html = rendering.cached_thread_html(
            article=article, cpage=request.GET.get("cpage"), is_open=is_open
        )

    form = context.get("comment_form")
    replying_to = _replying_to(
        article, form["parent"].value() if form is not None else request.GET.get("replyto")
    )
    if form is None:
        form = CommentForm(initial=_initial(request, article, replying_to))
    return {
        "article": article,
        "thread_html": thread_html,
        "form": form,
        "is_open": is_open,
        "replying_to": replying_to,
        "is_moderator": moderation.moderator_may_post(request.user),
        "post_url": reverse("comments:post"),
        "request": request,
    }


def _replying_to(article, value) -> Comment | None:
    """The published comment a `?replyto=` link or a returned form answers; one query if any."""
    if not str(value or "").isdigit():
        return None
    return (
        Comment.objects.filter(pk=int(value), article=article, status=Comment.Status.APPROVED)
        .only("pk", "name")
        .first()
    )


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


@register.simple_tag
def comment_feed_links(article):
    """<link rel="alternate"> for the briefing's comment feeds, for the page's head."""
    title = f"Comments on “{article.title}”"
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} (RSS)" href="{}">'
        '<link rel="alternate" type="application/atom+xml" title="{} (Atom)" href="{}">',
        title,
        reverse("comments:article_feed", args=[article.slug]),
        title,
        reverse("comments:article_atom", args=[article.slug]),
    )
