"""Read side: a briefing's whole thread in one query, shaped in memory for the template."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from .models import Comment

Status = Comment.Status


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    in_reply_to: Comment | None = None  # set when shown beside, not under, what it answers
    children: list["ThreadNode"] = field(default_factory=list)
    # Filled by flatten(): how many open reply lists close after this comment.
    closes: range = range(0)

    @property
    def is_tombstone(self) -> bool:
        return self.comment.status in (Status.REMOVED, Status.SPAM)

    @property
    def is_pending(self) -> bool:
        return self.comment.status == Status.PENDING


@dataclass
class Thread:
    nodes: list[ThreadNode]  # reading order, each with how many levels close after it
    by_id: dict[int, Comment]


def comment_tree_for(article, *, pending_ids=()) -> Thread:
    """Approved comments, removed ones kept as tombstones where replies need their context,
    and the viewer's own comments still awaiting moderation. One query."""
    # Hidden comments come only with replies, so a spam flood never weighs on the page.
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    visible = Q(status=Status.APPROVED) | Q(has_replies, status__in=[Status.REMOVED, Status.SPAM])
    if pending_ids:
        visible |= Q(status=Status.PENDING, pk__in=list(pending_ids))
    comments = list(
        Comment.objects.filter(visible, article=article)
        .order_by("path")
        .only(
            "id",
            "article_id",
            "parent_id",
            "name",
            "url",
            "body_html",
            "status",
            "is_team",
            "created_at",
            "path",
            "depth",
        )
    )
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
    return Thread(nodes=_flatten(roots), by_id={n.comment.pk: n.comment for n in nodes.values()})


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
