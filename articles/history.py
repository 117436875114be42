"""Every change to a briefing kept as a django-reversion revision, and what two of them differ by.

Each revision holds the briefing's fields (HISTORY_FIELDS) and, followed through the taggit
through model, its tag rows and the tags themselves, so a tag deleted since can be made again.
Revisions are written by the services (articles/services.py) inside `create_revision()`; bulk
`update()` calls are not seen by reversion, which is why nothing edits briefings that way.
"""

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from reversion.models import Version
from taggit.models import Tag

from .models import Article, Section, TaggedArticle

# What a revision records. `version` ties a revision to the optimistic-concurrency counter.
HISTORY_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "section",
    "author",
    "status",
    "publish_at",
    "lead_image",
    "lead_image_alt",
    "is_sponsored",
    "sponsor_name",
    "comments_enabled",
    "version",
    "trashed_at",
]
# What a restore brings back: the words and how they are filed. Status and publish time are
# publishing decisions, taken with Publish and Unpublish, so a restore leaves them as they are.
RESTORED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "section",
    "lead_image",
    "lead_image_alt",
    "is_sponsored",
    "sponsor_name",
    "comments_enabled",
]
# Shown when two revisions are compared, in this order.
COMPARED_FIELDS = [
    "title",
    "slug",
    "summary",
    "section",
    "tags",
    "status",
    "publish_at",
    "lead_image",
    "lead_image_alt",
    "is_sponsored",
    "sponsor_name",
    "comments_enabled",
    "author",
    "trashed_at",
]
REVISIONS_PER_PAGE = 25

reversion.register(Article, fields=HISTORY_FIELDS, follow=["taggedarticle_set"])
reversion.register(TaggedArticle, fields=["tag", "content_object"], follow=["tag"])
reversion.register(Tag, fields=["name", "slug"])


def revision_include(article: Article) -> None:
    """Record `article` as it is now in the open revision (after its tags were set)."""
    if reversion.is_active():
        reversion.add_to_revision(article)


def versions_of(article: Article):
    """The briefing's versions, newest first, each with its revision and that revision's user."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


@dataclass
class Snapshot:
    """A briefing's editable state: from a revision or from the database."""

    values: dict
    tags: list[str] = field(default_factory=list)

    def get(self, name):
        return self.tags if name == "tags" else self.values.get(name)


def as_compared(value):
    """Revisions are JSON, which keeps times to the millisecond, and browsers post CRLF line
    ends: values are compared like with like."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def snapshot_of_article(article: Article) -> Snapshot:
    values = {}
    for name in HISTORY_FIELDS:
        model_field = Article._meta.get_field(name)
        value = getattr(article, model_field.attname)
        values[name] = as_compared(value)
    return Snapshot(values=values, tags=sorted(tag.name for tag in article.tags.all()))


def snapshots_of(versions: list[Version]) -> dict[int, Snapshot]:
    """Snapshots keyed by version pk, their tags read in one query for all of them."""
    tag_type = ContentType.objects.get_for_model(Tag)
    tag_names = {}  # revision id -> names
    related = Version.objects.filter(
        revision_id__in={version.revision_id for version in versions}, content_type=tag_type
    ).only("revision_id", "serialized_data", "format", "content_type_id", "object_id")
    for tag_version in related:
        name = tag_version.field_dict.get("name", "")
        tag_names.setdefault(tag_version.revision_id, []).append(name)
    snapshots = {}
    for version in versions:
        data = version.field_dict
        values = {}
        for name in HISTORY_FIELDS:
            attname = Article._meta.get_field(name).attname
            value = data.get(attname)
            values[name] = as_compared(value)
        snapshots[version.pk] = Snapshot(
            values=values, tags=sorted(tag_names.get(version.revision_id, []))
        )
    return snapshots


def tag_ids_of(version: Version) -> tuple[list[int], dict[int, str]]:
    """The tag ids a revision had, and the names it recorded for them."""
    type_of = ContentType.objects.get_for_model
    rows = Version.objects.filter(
        revision_id=version.revision_id,
        content_type__in=[type_of(TaggedArticle), type_of(Tag)],
    )
    tagged, names = [], {}
    for row in rows:
        if row.content_type_id == type_of(Tag).pk:
            names[int(row.object_id)] = row.field_dict["name"]
        elif str(row.field_dict.get("content_object_id")) == str(version.object_id):
            tagged.append(row.field_dict["tag_id"])
    return tagged, names


# --- Comparing two snapshots ---------------------------------------------------------------


@dataclass
class Change:
    name: str
    label: str
    old: str
    new: str


def field_label(name: str) -> str:
    if name == "tags":
        return "Tags"
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def field_display(name: str, value, names: dict) -> str:
    if name == "tags":
        return ", ".join(value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name == "status":
        return Article.Status(value).label
    if name in {"section", "author"}:
        return names.get((name, value), f"#{value}")
    if name == "lead_image":
        return f"Library image #{value}"
    if hasattr(value, "strftime"):
        return timezone.localtime(value).strftime("%-d %b %Y, %H:%M")
    return str(value)


def related_names(snapshots) -> dict:
    """Section and author names for the ids in `snapshots`: two queries at most."""
    section_ids = {s.values.get("section") for s in snapshots} - {None}
    author_ids = {s.values.get("author") for s in snapshots} - {None}
    names = {}
    for pk, name in Section.objects.filter(pk__in=section_ids).values_list("pk", "name"):
        names[("section", pk)] = name
    for user in get_user_model().objects.filter(pk__in=author_ids):
        names[("author", user.pk)] = user.get_full_name() or user.get_username()
    return names


def changes_between(old: Snapshot, new: Snapshot, *, fields=COMPARED_FIELDS) -> list[Change]:
    """The compared fields whose values differ (the body is diffed on its own)."""
    names = related_names([old, new])
    return [
        Change(
            name, field_label(name), field_display(name, a, names), field_display(name, b, names)
        )
        for name in fields
        if (a := old.get(name)) != (b := new.get(name))
    ]


def changed_field_labels(old: Snapshot | None, new: Snapshot) -> list[str]:
    """Short labels of what a revision changed compared with the one before it."""
    if old is None:
        return ["Created"]
    changed = [
        field_label(name)
        for name in ["body", *COMPARED_FIELDS]
        if name not in {"author"} and old.get(name) != new.get(name)
    ]
    return changed


# --- A readable diff of two texts ---------------------------------------------------------

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT_LINES = 2


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "skip"
    html: SafeString
    old_number: int | None = None
    new_number: int | None = None


def _words_html(old: str, new: str) -> tuple[str, str]:
    """Both lines escaped, with the words that differ wrapped in <del> / <ins>."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return "".join(left), "".join(right)


def text_diff(old: str, new: str, *, context: int = CONTEXT_LINES) -> list[DiffLine]:
    """Line by line from `old` to `new`, changed words marked, long unchanged runs folded."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            count = i2 - i1
            keep = set()
            if i1 > 0:  # context after the change above
                keep |= set(range(min(context, count)))
            if i2 < len(a):  # context before the change below
                keep |= set(range(max(0, count - context), count))
            hidden = 0
            for offset in range(count):
                if offset not in keep:
                    hidden += 1
                    continue
                if hidden:
                    lines.append(DiffLine("skip", mark_safe(f"{hidden} unchanged lines")))
                    hidden = 0
                text = html.escape(a[i1 + offset])
                lines.append(DiffLine("same", mark_safe(text), i1 + offset + 1, j1 + offset + 1))
            if hidden:
                lines.append(DiffLine("skip", mark_safe(f"{hidden} unchanged lines")))
            continue
        pairs = max(i2 - i1, j2 - j1)
        removed, added = [], []
        for k in range(pairs):
            old_line = a[i1 + k] if i1 + k < i2 else None
            new_line = b[j1 + k] if j1 + k < j2 else None
            if old_line is not None and new_line is not None:
                old_html, new_html = _words_html(old_line, new_line)
            else:
                old_html = html.escape(old_line or "")
                new_html = html.escape(new_line or "")
            # Escaped above, word by word; only our own <del>/<ins> tags are added.
            if old_line is not None:
                removed.append(DiffLine("removed", mark_safe(old_html), i1 + k + 1, None))
            if new_line is not None:
                added.append(DiffLine("added", mark_safe(new_html), None, j1 + k + 1))
        lines.extend(removed + added)
    return lines


def body_diff(old: Snapshot, new: Snapshot) -> list[DiffLine]:
    return text_diff(old.get("body") or "", new.get("body") or "")
