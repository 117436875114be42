from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from articles.views import ArticleDetailView
from core import abuse
from core.origin import same_origin_post, signed_link

from . import links, notifications, selectors, visitor
from .forms import CommentEditForm, CommentForm
from .models import Comment
from .services import (
    CommentRefused,
    RateLimited,
    comment_create,
    comment_delete_by_author,
    comment_edit,
    comment_is_editable,
)

Status = Comment.Status


@same_origin_post
@require_POST
def comment_post(request):
    form = CommentForm(request.POST)
    form.is_valid()
    if form.is_tampered:
        return _refused(request, "That form was not one of ours, or it was changed on the way.")
    article = get_object_or_404(Article.objects.published(), pk=form.cleaned_data["article"])
    if form.errors:
        return _form_again(request, article, form)
    data = form.cleaned_data
    try:
        comment = comment_create(
            article=article,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            url=data["url"],
            body=data["body"],
            notify=data["notify"],
            user=request.user,
            ip_address=abuse.client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            is_bot=form.is_bot(min_seconds=settings.COMMENTS_MIN_SECONDS_TO_POST),
        )
    except RateLimited as refusal:
        return abuse.too_many_requests(
            request, template="comments/rate_limited.html", retry_after=refusal.retry_after
        )
    except CommentRefused as refusal:
        return _refused(request, refusal.message, article, status=refusal.status_code)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _form_again(request, article, form)
    return _landing(request, comment, remember=data["remember"])


def _landing(request, comment, *, remember):
    """Back to the page of the thread holding the new comment; spam lands on the form, told
    nothing."""
    if comment.status == Status.SPAM:
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#respond")
    response = HttpResponseRedirect(_thread_url(comment))
    if comment.status == Status.PENDING:
        visitor.remember_pending(response, request, comment.pk)
    visitor.remember_editable(response, request, comment.pk)
    visitor.remember_author(
        response,
        request,
        remember=remember,
        name=comment.name,
        email=comment.email,
        url=comment.url,
    )
    return response


def _thread_url(comment) -> str:
    page = selectors.page_of(comment)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"


def _form_again(request, article, form):
    """The briefing page itself, errors next to their fields and everything typed kept."""
    form.focus_first_error()
    view = ArticleDetailView(extra_context={"comment_form": form})
    view.setup(request, slug=article.slug)
    response = view.get(request, slug=article.slug)
    response.status_code = 400
    return response


def _refused(request, message, article=None, status=400):
    return render(
        request, "comments/refused.html", {"message": message, "article": article}, status=status
    )


def comment_permalink(request, pk):
    """`/comments/<id>/`: the page of the thread that holds the comment, at the comment."""
    comment = get_object_or_404(
        Comment.objects.select_related("article"), pk=pk, status=Status.APPROVED
    )
    if not comment.article.is_published:
        raise Http404("No such comment.")
    return HttpResponseRedirect(_thread_url(comment))


# --- The author's few minutes -----------------------------------------------------------------


def _own_comment(request, pk):
    """The comment if this browser posted it and the window is open; else why not."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if pk not in visitor.editable_ids(request) or not comment_is_editable(comment):
        return comment, _refused(
            request,
            "This comment can no longer be changed here.",
            comment.article,
            status=403,
        )
    return comment, None


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def comment_edit_view(request, pk):
    comment, refusal = _own_comment(request, pk)
    if refusal:
        return refusal
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if form.is_valid():
        try:
            comment = comment_edit(comment=comment, body=form.cleaned_data["body"])
        except CommentRefused as error:
            return _refused(request, error.message, comment.article, status=error.status_code)
        except ValidationError as error:
            form.add_error("body" if "body" in error.message_dict else None, error.messages)
        else:
            response = HttpResponseRedirect(_thread_url(comment))
            if comment.status == Status.PENDING:
                visitor.remember_pending(response, request, comment.pk)
            return response
    status = 400 if form.is_bound else 200
    context = {"comment": comment, "form": form, "minutes": settings.COMMENTS_EDIT_SECONDS // 60}
    return render(request, "comments/comment_edit.html", context, status=status)


@never_cache
@same_origin_post
@require_http_methods(["GET", "POST"])
def comment_delete_view(request, pk):
    comment, refusal = _own_comment(request, pk)
    if refusal:
        return refusal
    if request.method == "POST":
        try:
            comment_delete_by_author(comment=comment)
        except CommentRefused as error:
            return _refused(request, error.message, comment.article, status=error.status_code)
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/comment_delete.html", {"comment": comment})


# --- Reply emails: signed links, no cookies, no CSRF token: the token is the authority ---------


@signed_link
def reply_confirm(request, token):
    found = links.address_from_token(token, action="confirm")
    if found is None:
        return _bad_link(request)
    address, _ = found
    done = request.method == "POST"
    if done:
        notifications.reply_address_confirm(address=address)
    return render(request, "comments/reply_confirm.html", {"address": address, "done": done})


@signed_link
def reply_unsubscribe(request, token):
    """GET asks; POST (the button, or a mail provider's one-click) unsubscribes."""
    found = links.address_from_token(token, action="unsubscribe")
    if found is None:
        return _bad_link(request)
    address, article_id = found
    article = Article.objects.filter(pk=article_id).first() if article_id else None
    done = request.method == "POST"
    if done:
        notifications.reply_address_unsubscribe(address=address, article_id=article_id)
    context = {"address": address, "article": article, "done": done}
    return render(request, "comments/reply_unsubscribe.html", context)


def _bad_link(request):
    return render(
        request,
        "comments/refused.html",
        {
            "kicker": "Link not valid",
            "message": "This link is not valid: it may have been cut or changed on the way.",
        },
        status=400,
    )
