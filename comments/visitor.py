"""What a commenter's browser keeps: their held comments, the comments they may still edit,
and (if asked) their details.

All are signed cookies named comments_* (the page cache passes requests carrying them to
Django), so showing "awaiting moderation" costs no query and nobody can reveal someone
else's held comment, or edit it, by guessing ids.
"""

import json

from django.conf import settings
from django.core import signing

PENDING_COOKIE = "comments_pending"
AUTHOR_COOKIE = "comments_author"
EDIT_COOKIE = "comments_edit"
EDIT_KEEP = 10
PENDING_KEEP = 20
MAX_AGE = 60 * 60 * 24 * 30
AUTHOR_MAX_AGE = 60 * 60 * 24 * 365


def pending_ids(request) -> list[int]:
    value = request.get_signed_cookie(PENDING_COOKIE, default="", max_age=MAX_AGE)
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(response, request, comment_id: int) -> None:
    ids = [*pending_ids(request), comment_id][-PENDING_KEEP:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ",".join(map(str, ids)),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def remembered_author(request) -> dict:
    try:
        data = json.loads(request.get_signed_cookie(AUTHOR_COOKIE, default="{}"))
    except (signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: str(data[key]) for key in ("name", "email", "url") if key in data}


def remember_author(response, request, *, remember: bool, name: str, email: str, url: str):
    if not remember:
        if AUTHOR_COOKIE in request.COOKIES:
            response.delete_cookie(AUTHOR_COOKIE)
        return
    response.set_signed_cookie(
        AUTHOR_COOKIE,
        json.dumps({"name": name, "email": email, "url": url}),
        max_age=AUTHOR_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def editable_ids(request) -> list[int]:
    """Comments this browser posted within the edit window (the cookie expires with it)."""
    value = request.get_signed_cookie(
        EDIT_COOKIE, default="", salt=EDIT_COOKIE, max_age=settings.COMMENTS_EDIT_SECONDS
    )
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_editable(response, request, comment_id: int) -> None:
    ids = [*editable_ids(request), comment_id][-EDIT_KEEP:]
    response.set_signed_cookie(
        EDIT_COOKIE,
        ",".join(map(str, ids)),
        salt=EDIT_COOKIE,
        max_age=settings.COMMENTS_EDIT_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
