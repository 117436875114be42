"""Read side: one page of a briefing's thread in constant queries, shaped in memory for the
template. A page holds COMMENTS_PER_PAGE top-level conversations, each with all its replies."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import CharField, Exists, F, Func, OuterRef, Q
from django.utils import timezone

from .models import PATH_STEP, TOMBSTONE_STATUSES, Comment

Status = Comment.Status


_FIELDS = ("id", "parent_id", "name", "url", "body_html", "status", "is_team", "path", "depth")
_FIELDS += ("edited_at", "posted_at", "posted_on")


class _PostedTime(Func):
    """When a comment was posted, as the text the thread prints, formatted by PostgreSQL:
    turning 300 timestamps into datetimes and back into text took longer than the rest of the
    rows. Other databases (SQLite for the demo) give the timestamp, formatted here instead."""

    output_field = CharField()
    zone = None  # the site's time zone
    pattern = ""  # for PostgreSQL's to_char(); in_python(moment) is the same elsewhere

    def __init__(self):
        super().__init__(F("created_at"))

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        zone = self.zone or timezone.get_current_timezone_name()
        return f"to_char({sql} AT TIME ZONE %s, %s)", (*params, zone, self.pattern)

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])

    def get_db_converters(self, connection):
        return [] if connection.vendor == "postgresql" else [self._format]

    def _format(self, value, expression, connection):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        zone = ZoneInfo(self.zone) if self.zone else timezone.get_current_timezone()
        return self.in_python(moment.replace(tzinfo=UTC).astimezone(zone))


class PostedAt(_PostedTime):
    """ISO 8601 in UTC, as datetime.isoformat() writes it: for <time datetime>."""

    zone = "UTC"
    pattern = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'

    def in_python(self, moment: datetime) -> str:
        return moment.isoformat(timespec="microseconds")


class PostedOn(_PostedTime):
    """ "5 Dec 2026, 10:02", in the site's time zone."""

    pattern = "FMDD Mon YYYY, HH24:MI"

    def in_python(self, moment: datetime) -> str:
        return f"{moment.day} {moment:%b %Y, %H:%M}"


class ThreadComment(NamedTuple("_Row", [(name, object) for name in _FIELDS])):
    """A comment as the thread shows it (comment_is_editable reads it like a Comment)."""

    __slots__ = ()

    @property
    def pk(self) -> int:
        return self.id

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.posted_at)

    path_ids = Comment.path_ids
    initials = Comment.initials
    avatar_tone = Comment.avatar_tone


@dataclass
class ThreadNode:
    comment: ThreadComment
    depth: int
    in_reply_to: ThreadComment | None = None  # set when shown beside, not under, what it answers
    children: list["ThreadNode"] = field(default_factory=list)
    # Filled by flatten(): how many open reply lists close after this comment.
    closes: range = range(0)

    @property
    def is_tombstone(self) -> bool:
        return self.comment.status in TOMBSTONE_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.comment.status == Status.PENDING


@dataclass
class Thread:
    nodes: list[ThreadNode]  # reading order, each with how many levels close after it
    by_id: dict[int, ThreadComment]
    page: int = 1
    pages: int = 1


def _public():
    """Approved comments, and removed or spam ones where replies need their context (hidden
    comments come only with replies, so a spam flood never weighs on the page)."""
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    return Q(status=Status.APPROVED) | Q(has_replies, status__in=TOMBSTONE_STATUSES)


def conversations():
    """The top-level comments readers see, each opening a conversation."""
    return Comment.objects.filter(_public(), depth=0)


def _conversations(article):
    return conversations().filter(article=article)


def page_count(article) -> int:
    """Pages of top-level conversations, from the count the comment services keep: no query."""
    return max(1, -(-article.conversation_count // settings.COMMENTS_PER_PAGE))


def page_number(value, *, pages: int) -> int:
    """A `cpage` from the query string; anything else means the first page."""
    value = str(value or "")
    return int(value) if value.isdigit() and 1 <= int(value) <= pages else 1


def page_of(comment: Comment) -> int:
    """The page holding `comment`'s conversation (for permalinks and after posting)."""
    article = comment.article
    pages = page_count(article)
    if pages == 1:
        return 1
    root = comment.path[:PATH_STEP]
    conversations = _conversations(article)
    if settings.COMMENTS_PAGE_ORDER == "newest":
        newer = conversations.filter(path__gt=root).count()
        return min(pages, newer // settings.COMMENTS_PER_PAGE + 1)
    older = conversations.filter(path__lt=root).count()
    return min(pages, older // settings.COMMENTS_PER_PAGE + 1)


def _page_bounds(article, *, page: int) -> tuple[str, str | None]:
    """The path range of a page: from its first conversation to the next page's first."""
    per_page = settings.COMMENTS_PER_PAGE
    conversations = _conversations(article)
    offset = (page - 1) * per_page
    if settings.COMMENTS_PAGE_ORDER == "newest":
        # Newest first: a page runs from its oldest conversation up to the previous page's.
        newest_first = conversations.order_by("-path").values_list("path", flat=True)
        paths = list(newest_first[max(offset - 1, 0) : offset + per_page])
        newer = paths.pop(0) if offset else None
        return (paths[-1] if paths else ""), newer
    oldest_first = conversations.order_by("path").values_list("path", flat=True)
    paths = list(oldest_first[offset : offset + per_page + 1])
    return (paths[0] if paths else ""), (paths[per_page] if len(paths) > per_page else None)


def comment_tree_for(article, *, page: int = 1, pages: int = 1, pending_ids=()) -> Thread:
    """One page of the thread (`pages` from page_count), with the viewer's own comments still
    awaiting moderation that belong on it. One query for a one-page thread, two for a page of
    a longer one: its bounds, then its comments."""
    visible = _public()
    if pending_ids:
        visible |= Q(status=Status.PENDING, pk__in=list(pending_ids))
    comments = Comment.objects.filter(visible, article=article)
    if pages > 1:
        start, end = _page_bounds(article, page=page)
        comments = comments.filter(path__gte=start)
        if end is not None:
            comments = comments.filter(path__lt=end)
    # Plain rows, not model instances: the thread only reads these fields, and building 300
    # Comment objects cost more than drawing them.
    comments = comments.annotate(posted_at=PostedAt(), posted_on=PostedOn())
    comments = [ThreadComment._make(row) for row in comments.order_by("path").values_list(*_FIELDS)]
    by_id = {comment.pk: comment for comment in comments}
    roots: list[ThreadNode] = []
    nodes: dict[int, ThreadNode] = {}
    for comment in comments:  # ordered by path: every shown parent comes before its replies
        node = ThreadNode(comment, comment.depth)
        ids = comment.path_ids
        if len(ids) == 1:
            roots.append(node)
        elif (shown_under := nodes.get(ids[-2])) is not None:
            shown_under.children.append(node)
            if comment.parent_id != ids[-2]:
                node.in_reply_to = by_id.get(comment.parent_id)
        else:
            continue  # its parent is not visible (held or gone): neither is it
        nodes[comment.pk] = node
    roots = _prune_tombstones(roots)
    if settings.COMMENTS_PAGE_ORDER == "newest":
        roots.reverse()  # conversations newest first; replies inside stay in reading order
    return Thread(
        nodes=_flatten(roots),
        by_id={n.comment.pk: n.comment for n in nodes.values()},
        page=page,
        pages=pages,
    )


def _prune_tombstones(nodes: list[ThreadNode]) -> list[ThreadNode]:
    """Drop removed comments unless something visible hangs under them."""
    kept = []
    for node in nodes:
        node.children = _prune_tombstones(node.children)
        if node.children or not node.is_tombstone:
            kept.append(node)
    return kept


def _flatten(roots: list[ThreadNode]) -> list[ThreadNode]:
    """Pre-order list; a leaf records how many enclosing reply lists end after it, so the
    template renders the nested markup in one loop instead of recursive includes."""
    flat: list[ThreadNode] = []
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, level = stack.pop()
        node.depth = level
        flat.append(node)
        stack.extend((child, level + 1) for child in reversed(node.children))
    for here, after in zip(flat, [*flat[1:], None][: len(flat)], strict=True):
        if not here.children:
            here.closes = range(here.depth - (after.depth if after else 0))
    return flat
