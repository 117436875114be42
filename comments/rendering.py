"""The thread's HTML: a template, rendered once per change and kept in the shared cache.

The template is Jinja2 (templates/comments/thread_list.jinja, through TEMPLATES' Jinja2
backend): it compiles to Python, so a 300-comment page renders in a few milliseconds where the
Django engine took ~80 ms; with the
fragment cached, a cold render happens once per comment change, not per reader.

Each briefing has a version key in the cache, replaced after every comment change (create,
approve, remove, spam, edit, delete: services._changed); a fragment is stored under the current
version, page and open/closed state, so a change makes every older fragment unreachable at
once, on every process. Only the public thread is cached: a visitor with something personal
(their held comments, their Edit/Delete links) gets it rendered for them alone.
"""

import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from . import selectors
from .selectors import Thread

FRAGMENT_SECONDS = 60 * 60 * 24


def _version_key(article_id: int) -> str:
    return f"comments:thread-version:{article_id}"


def threads_changed(*, article_ids: Iterable[int]) -> None:
    cache.set_many({_version_key(pk): time.time_ns() for pk in article_ids}, timeout=None)


def _version(article_id: int) -> int:
    key = _version_key(article_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key, 0)
    return version


def thread_html(
    *, article, thread: Thread, is_open: bool, editable_ids: Iterable[int] = ()
) -> SafeString:
    html = (
        engines["jinja2"]
        .get_template("comments/thread_list.jinja")
        .render(
            {
                "thread": thread,
                "is_open": is_open,
                # The briefing's own URL: Reply links must work on the form-error page too.
                "page_url": article.get_absolute_url(),
                "editable_ids": set(editable_ids),
                "newest_first": settings.COMMENTS_PAGE_ORDER == "newest",
            },
        )
    )
    return mark_safe(html)  # escaped by the template (by hand in its loop); body_html on save


def cached_thread_html(*, article, cpage, is_open: bool) -> SafeString:
    """The public thread page, from the shared cache when nothing changed since it was drawn.

    A hit costs no query. The page is keyed as it will be shown, within the pages the
    briefing's conversation count allows, so nobody can fill the cache with made-up pages.
    """
    pages = selectors.page_count(article)
    page = selectors.page_number(cpage, pages=pages)
    key = f"comments:thread:{article.pk}:{_version(article.pk)}:{page}:{is_open:d}"
    html = cache.get(key)
    if html is None:
        thread = selectors.comment_tree_for(article, page=page, pages=pages)
        html = thread_html(article=article, thread=thread, is_open=is_open)
        cache.set(key, str(html), FRAGMENT_SECONDS)
    return mark_safe(html)  # rendered by our template, escaped there
