"""What an editor sees when their save is refused because someone saved the briefing meanwhile.

The form comes back with their text; beside it: who saved since, when, the diff of what
changed meanwhile, and for each field where their text and the stored one differ, the stored
value and a box to take it instead of theirs.
"""

from dataclasses import dataclass, field

from . import history
from .models import Article

# The fields an editor can take from the stored briefing instead of their own copy.
MERGEABLE_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "section",
    "tags",
    "lead_image_alt",
    "sponsor_name",
]
# How far back to look for the revision the editor's copy was loaded from.
BASE_SEARCH_DEPTH = 50


@dataclass
class Choice:
    name: str
    label: str
    theirs: str  # the stored value, as text
    is_long: bool = False


@dataclass
class Conflict:
    current: Article
    revisions: list = field(default_factory=list)  # saved since the editor's copy, newest first
    changes: list = field(default_factory=list)  # history.Change, base -> current
    body_diff: list = field(default_factory=list)  # history.DiffLine, base -> current
    base_found: bool = False
    choices: list[Choice] = field(default_factory=list)

    @property
    def last_revision(self):
        return self.revisions[0] if self.revisions else None


def _posted_snapshot(cleaned_data: dict, current: history.Snapshot) -> history.Snapshot:
    values = dict(current.values)
    for name in MERGEABLE_FIELDS:
        if name in cleaned_data and name != "tags":
            value = cleaned_data[name]
            values[name] = history.as_compared(getattr(value, "pk", value))
    tags = cleaned_data.get("tags")
    return history.Snapshot(values=values, tags=sorted(tags) if tags is not None else current.tags)


def conflict_build(*, current: Article, base_version: int | None, cleaned_data: dict) -> Conflict:
    """Compare the editor's copy (loaded at `base_version`) with the stored briefing."""
    conflict = Conflict(current=current)
    recent = list(history.versions_of(current)[:BASE_SEARCH_DEPTH])
    base = None
    for version in recent:
        if version.field_dict.get("version") == base_version:
            base = version
            break
        if base_version is None or (version.field_dict.get("version") or 0) > base_version:
            conflict.revisions.append(version.revision)
    now = history.snapshot_of_article(current)
    if base is not None:
        then = history.snapshots_of([base])[base.pk]
        conflict.base_found = True
        conflict.changes = history.changes_between(then, now)
        conflict.body_diff = history.body_diff(then, now)
    mine = _posted_snapshot(cleaned_data, now)
    names = history.related_names([now])
    for name in MERGEABLE_FIELDS:
        if mine.get(name) != now.get(name):
            theirs = (
                now.get("body")
                if name == "body"
                else history.field_display(name, now.get(name), names)
            )
            conflict.choices.append(
                Choice(name, history.field_label(name), theirs, is_long=name in {"body", "summary"})
            )
    if not conflict.base_found:
        # No revision of the copy they loaded: show how theirs differs from the stored one.
        conflict.changes = history.changes_between(mine, now, fields=history.COMPARED_FIELDS)
        conflict.body_diff = history.body_diff(mine, now)
    return conflict
