"""Preview links: an unpublished briefing shown to someone without an account.

The reader's page is `/preview/<token>/`; the admin's handlers make and revoke links from a
briefing's change page. Every failure (unknown, forged, expired or revoked token) gets the same
404 page, so a link reveals nothing once it stops working, not even that it ever existed.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from core.mail import absolute_url

from .models import Article, PreviewLink
from .services import (
    PREVIEW_LINK_DAYS,
    PREVIEW_LINK_DEFAULT_DAYS,
    preview_link_create,
    preview_link_revoke,
)

# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 64


def preview_link_for(token: str) -> PreviewLink | None:
    """The working link for `token`, with its briefing ready to render, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        PreviewLink.objects.active()
        .filter(token_hash=PreviewLink.hash_token(token))
        .select_related("article__section", "article__author", "article__lead_image")
        .prefetch_related("article__tags")
        .defer("article__search_vector")
        .first()
    )


def preview_url(token: str) -> str:
    """The address to send: on SITE_URL, as the links in the site's emails are."""
    return absolute_url(reverse("articles:preview", kwargs={"token": token}))


def preview(request, token):
    link = preview_link_for(token)
    if link is None:
        response = render(request, "articles/preview_gone.html", status=404)
    elif link.article.is_published:
        # Live now: the real page, with its comments, is what the reader should see.
        response = redirect(link.article)
    else:
        article = link.article
        response = render(
            request,
            "articles/preview.html",
            {
                "article": article,
                "object": article,
                "preview_link": link,
                "related_articles": Article.objects.published().related_to(article),
            },
        )
    # Never stored by a browser, the page cache or Varnish, never indexed, and the secret
    # address is not sent on to the sites the briefing links to.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- The admin ------------------------------------------------------------------------------


class PreviewLinkForm(forms.Form):
    prefix = "preview"

    days = forms.TypedChoiceField(
        label="Works for",
        choices=[(days, f"{days} day{'s' if days > 1 else ''}") for days in PREVIEW_LINK_DAYS],
        coerce=int,
        initial=PREVIEW_LINK_DEFAULT_DAYS,
    )
    label = forms.CharField(
        label="For",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. our lawyer", "size": 24}),
    )


def admin_urls(model_admin):
    """The admin pages of preview links, under a briefing's own admin address."""
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    view = model_admin.admin_site.admin_view
    return [
        path(
            "<int:article_id>/preview-links/",
            view(require_POST(partial(create, model_admin))),
            name=f"{prefix}_preview_create",
        ),
        path(
            "<int:article_id>/preview-links/<int:link_id>/revoke/",
            view(require_POST(partial(revoke, model_admin))),
            name=f"{prefix}_preview_revoke",
        ),
    ]


def _change_page(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk]) + "#preview-links"


def create(model_admin, request, article_id):
    article = get_object_or_404(Article, pk=article_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(
            request, "Choose how long the link works, from the list.", messages.ERROR
        )
        return redirect(_change_page(article))
    try:
        link, token = preview_link_create(
            article=article, created_by=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect(_change_page(article))
    url = preview_url(token)
    model_admin.message_user(
        request,
        format_html(
            "Preview link made, working until {}. Copy it now: it is not shown again. "
            '<a class="preview-link-url" href="{}">{}</a>',
            format_date(timezone.localtime(link.expires_at), "j M Y, H:i T"),
            url,
            url,
        ),
        messages.SUCCESS,
    )
    return redirect(_change_page(article))


def revoke(model_admin, request, article_id, link_id):
    link = get_object_or_404(
        PreviewLink.objects.select_related("article"), pk=link_id, article_id=article_id
    )
    if not model_admin.has_change_permission(request, link.article):
        raise PermissionDenied
    preview_link_revoke(link=link, revoked_by=request.user, request=request)
    model_admin.message_user(
        request, "Preview link revoked: it opens nothing any more.", messages.SUCCESS
    )
    return redirect(_change_page(link.article))
