"""The editorial calendar: one week of briefings in the admin, in the site's time zone.

Each day lists what went out and what is scheduled, with the moment the daily digest leaves;
beside the week, what is not scheduled yet (drafts, and any other status before `published`,
such as briefings in review), the later stages first.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from .models import Article

WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
YEARS = range(1970, 3000)
UNSCHEDULED_SHOWN = 15  # per status; the list behind "All …" has the rest


class WeekError(ValueError):
    pass


@dataclass
class Entry:
    at: datetime  # local time
    article: Article | None = None
    state: str = ""
    digest: str = ""  # what goes out at this time, for the digest marker


@dataclass
class Day:
    date: date
    is_today: bool
    is_past: bool
    entries: list[Entry] = field(default_factory=list)

    @property
    def briefings(self) -> int:
        return sum(entry.article is not None for entry in self.entries)


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(value: str) -> date:
    """The Monday of the ISO week `value` names ("2026-W49"); a date names its week."""
    value = value.strip()
    match = WEEK_PATTERN.match(value)
    if match:
        year, week = int(match[1]), int(match[2])
        if year not in YEARS:
            raise WeekError(f"Pick a year from {YEARS.start} to {YEARS.stop - 1}.")
        try:
            return date.fromisocalendar(year, week, 1)
        except ValueError:
            last = date(year, 12, 28).isocalendar().week
            raise WeekError(f"{year} has weeks 1 to {last}, not week {week}.") from None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise WeekError(
            f"“{value[:40]}” is not a week. Write the year, W and the week number, "
            "e.g. 2026-W49, or a date such as 2026-12-03."
        ) from None
    if day.year not in YEARS:
        raise WeekError(f"Pick a year from {YEARS.start} to {YEARS.stop - 1}.")
    return monday_of(day)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def digest_moments(start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    """When the digests leave between `start` and `end`: daily at NEWSLETTER_DIGEST_TIME (UTC,
    as the timer runs send_digest), with the weekly round-up on NEWSLETTER_WEEKLY_WEEKDAY."""
    moments = []
    day = start.astimezone(UTC).date() - timedelta(days=1)
    while day <= end.astimezone(UTC).date():
        moment = datetime.combine(day, settings.NEWSLETTER_DIGEST_TIME, tzinfo=UTC)
        if start <= moment < end:
            weekly = timezone.localdate(moment).weekday() == settings.NEWSLETTER_WEEKLY_WEEKDAY
            label = "Digest + weekly round-up" if weekly else "Digest"
            moments.append((moment, label))
        day += timedelta(days=1)
    return moments


def calendar_days(*, monday: date, now: datetime) -> list[Day]:
    """The seven days from `monday`, each with its briefings and digest in time order: one query."""
    start, end = _local_midnight(monday), _local_midnight(monday + timedelta(days=7))
    today = timezone.localdate(now)
    days = [
        Day(date=day, is_today=day == today, is_past=day < today)
        for day in (monday + timedelta(days=n) for n in range(7))
    ]
    briefings = (
        Article.objects.not_trashed()
        .filter(status=Article.Status.PUBLISHED, publish_at__gte=start, publish_at__lt=end)
        .select_related("author", "section")
        .only(
            "title", "status", "publish_at", "author", "section", "section__name", *_AUTHOR_FIELDS
        )
        .order_by("publish_at", "id")
    )
    entries = [
        Entry(
            at=timezone.localtime(article.publish_at),
            article=article,
            state="Scheduled" if article.publish_at > now else "Published",
        )
        for article in briefings
    ]
    entries += [
        Entry(at=timezone.localtime(moment), digest=label)
        for moment, label in digest_moments(start, end)
    ]
    for entry in sorted(entries, key=lambda entry: entry.at):
        days[(entry.at.date() - monday).days].entries.append(entry)
    return days


_AUTHOR_FIELDS = ("author__username", "author__first_name", "author__last_name")


def unscheduled_groups() -> list[dict]:
    """Briefings not yet published or scheduled, by status, later stages (review) before
    drafts: the newest edits of each status, and how many there are. Two queries."""
    stages = [status for status in Article.Status if status != Article.Status.PUBLISHED]
    waiting = Article.objects.not_trashed().exclude(status=Article.Status.PUBLISHED)
    counts = dict(waiting.order_by().values_list("status").annotate(count=Count("pk")))
    rows = (
        waiting.select_related("author")
        .only("title", "status", "publish_at", "updated_at", "author", *_AUTHOR_FIELDS)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("status"), order_by=F("updated_at").desc()),
            # Declared order of the choices is the workflow's: show the furthest along first.
            stage=Case(
                *(When(status=status, then=Value(-n)) for n, status in enumerate(stages)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(rank__lte=UNSCHEDULED_SHOWN)
        .order_by("stage", "-updated_at", "-id")
    )
    groups: dict[str, dict] = {}
    changelist = reverse("admin:articles_article_changelist")
    for article in rows:
        group = groups.setdefault(
            article.status,
            {
                "status": article.status,
                "label": article.get_status_display(),
                "count": counts.get(article.status, 0),
                "articles": [],
                "list_url": f"{changelist}?status__exact={article.status}",
            },
        )
        group["articles"].append(article)
    return list(groups.values())


def calendar_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    this_week = monday_of(timezone.localdate(now))
    typed = request.GET.get("week", "")
    error = ""
    try:
        monday = parse_week(typed) if typed.strip() else this_week
    except WeekError as problem:
        error, monday = str(problem), this_week
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    sunday = monday + timedelta(days=6)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Editorial calendar",
        "monday": monday,
        "sunday": sunday,
        "week_number": monday.isocalendar().week,
        "is_this_week": monday == this_week,
        "previous_week": week_name(previous) if previous.year in YEARS else "",
        "next_week": week_name(following) if following.year in YEARS else "",
        "typed": typed if error else week_name(monday),
        "error": error,
        "days": calendar_days(monday=monday, now=now),
        "unscheduled": unscheduled_groups(),
        "time_zone": timezone.get_current_timezone_name(),
        "digest_time": settings.NEWSLETTER_DIGEST_TIME,
        # The week needs the width more than the model list does.
        "is_nav_sidebar_enabled": False,
    }
    return render(request, "admin/articles/calendar.html", context, status=400 if error else 200)


def admin_urls(model_admin):
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return [
        path(
            "calendar/",
            model_admin.admin_site.admin_view(partial(calendar_view, model_admin)),
            name=f"{prefix}_calendar",
        )
    ]
