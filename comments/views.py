from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Article
from config import abuse
from config.origin import same_origin_post

from . import moderation, visitor
from .forms import CommentForm
from .models import Comment
from .services import comment_create


@same_origin_post
@require_POST
def comment_post(request):
    form = CommentForm(request.POST)
    ip = abuse.client_ip(request)
    if abuse.rate_limited("comments", ip, rate=settings.COMMENTS_RATE_LIMIT):
        response = render(request, "comments/rate_limited.html", status=429)
        response["Retry-After"] = abuse.parse_rate(settings.COMMENTS_RATE_LIMIT)[1]
        return response
    form.is_valid()
    if form.is_tampered:
        return _refused(request, "That form was not one of ours, or it was changed on the way.")
    article = get_object_or_404(Article.objects.published(), pk=form.cleaned_data["article"])
    if not moderation.comments_open(article):
        return _refused(request, "Comments are closed on this briefing.", article, status=403)
    parent = None
    if parent_id := form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=parent_id, article=article).first()
        if parent is None:
            return _refused(request, "The comment you replied to does not exist.", article)
    if form.errors:
        return _form_again(request, article, form)

    data = form.cleaned_data
    try:
        comment = comment_create(
            article=article,
            parent=parent,
            name=data["name"],
            email=data["email"],
            url=data["url"],
            body=data["body"],
            user=request.user,
            ip_address=ip,
            user_agent=request.headers.get("User-Agent", ""),
            is_bot=form.is_bot(min_seconds=settings.COMMENTS_MIN_SECONDS_TO_POST),
        )
    except ValidationError as error:
        if "parent" in error.message_dict:
            return _refused(request, error.message_dict["parent"][0], article)
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return _form_again(request, article, form)

    return _landing(request, article, comment, remember=data["remember"])


def _landing(request, article, comment, *, remember):
    """Back to the briefing at the new comment; spam lands on the form, told nothing."""
    anchor = "respond" if comment.status == Comment.Status.SPAM else f"comment-{comment.pk}"
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#{anchor}")
    if comment.status == Comment.Status.PENDING:
        visitor.remember_pending(response, request, comment.pk)
    visitor.remember_author(
        response,
        request,
        remember=remember,
        name=comment.name,
        email=comment.email,
        url=comment.url,
    )
    return response


def _form_again(request, article, form):
    """The briefing again, with the errors next to their fields and everything typed kept."""
    form.focus_first_error()
    context = {"article": article, "object": article, "comment_form": form}
    return render(request, "articles/article_detail.html", context, status=400)


def _refused(request, message, article=None, status=400):
    return render(
        request, "comments/refused.html", {"message": message, "article": article}, status=status
    )
