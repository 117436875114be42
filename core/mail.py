"""Emails the site sends: a plain-text and an HTML part from templates, absolute links,
and for anything sent to a subscriber or commenter the RFC 8058 one-click unsubscribe headers.

Sending happens in the task worker (`manage.py db_worker`), never during a page view.
"""

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """SITE_URL + path: links in emails and feeds must work outside the site."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def compose(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    unsubscribe_url: str = "",
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    """`<template>.txt` and `<template>.html` rendered with `context` into one message.

    With `unsubscribe_url` (absolute, https in production) the message carries
    `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: the mail
    provider POSTs to that URL, and the signed token in it is the only authority needed.
    """
    # A subject is one line: newlines would be header injection.
    subject = " ".join(subject.split())
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "subject": subject,
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    html = render_to_string(f"{template}.html", context)
    text = render_to_string(f"{template}.txt", context)
    all_headers = dict(headers or {})
    if unsubscribe_url:
        all_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=all_headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def group_addresses(group: str, *, leaving_out: int | None = None) -> list[str]:
    """The email addresses of a group's active members (Editors, Moderators), one each."""
    members = get_user_model().objects.filter(groups__name=group, is_active=True)
    if leaving_out is not None:
        members = members.exclude(pk=leaving_out)
    return sorted(set(members.exclude(email="").values_list("email", flat=True)))


# The errors of sending mail through SMTP; `is_permanent` tells which are worth a retry.
SEND_ERRORS = (smtplib.SMTPException, OSError)


def is_permanent(error: Exception) -> bool:
    """5xx answers are final; 4xx answers, timeouts and dropped connections are worth a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False
