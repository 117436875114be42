"""What a commenter's browser keeps: their held comments, and (if asked) their details.

Both are signed cookies, so showing "awaiting moderation" costs no query and nobody can
reveal someone else's held comment by guessing ids.
"""

import json

from django.core import signing

PENDING_COOKIE = "comments_pending"
AUTHOR_COOKIE = "comments_author"
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
