"""Markdown to safe HTML, done once when a briefing is saved."""

import html
import math
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.html import format_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments.token import STANDARD_TYPES

from images.html import picture_html
from images.selectors import images_by_ids

WORDS_PER_MINUTE = 230

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "del", "ins",
    "sup", "sub", "mark", "small", "abbr", "blockquote", "q", "cite", "code", "pre", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "div", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"title", "lang"},
    # ids only where headings and footnotes need them as link targets.
    **{tag: {"id"} for tag in ("h2", "h3", "h4", "h5", "h6", "sup", "li")},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "abbr": {"title"},
}
# Classes the Markdown extensions emit and our stylesheet knows; any other class is dropped.
ALLOWED_CLASSES = {
    "div": {"footnote", "toc", "highlight"},
    "a": {"footnote-ref", "footnote-backref", "toclink"},
    "sup": {"footnote-ref"},
    # Pygments' token classes in highlighted code, coloured in static/css/site.css ("Code blocks").
    "span": set(STANDARD_TYPES.values()) - {""},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Library images in a body: `![alt](image:42)` (README.md "Images"). The writer's HTML is
# sanitised first, with `image:` allowed only as a URL; then each reference becomes the
# <picture> the images app builds, and the result is sanitised again with exactly the
# elements and attributes that builder emits. A writer's own <picture>, <source> or srcset
# never survives the first pass.
IMAGE_SCHEME = "image"
IMAGE_REF = re.compile(r'(<p>\s*)?(<img\b[^>]*\bsrc="image:(\d+)"[^>]*>)(\s*</p>)?')
IMAGE_ALT = re.compile(r'\balt="([^"]*)"')
PICTURE_TAGS = ALLOWED_TAGS | {"picture", "source"}
PICTURE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"type", "srcset", "sizes"},
}
PICTURE_CLASSES = {**ALLOWED_CLASSES, "figure": {"article-figure"}}


class _DemoteH1(Treeprocessor):
    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class DemoteH1Extension(Extension):
    """The page title is the only h1; a `# Heading` in a body becomes an h2 section."""

    def extendMarkdown(self, md):
        # Runs before the toc extension (priority 5) so demoted headings get ids and TOC entries.
        md.treeprocessors.register(_DemoteH1(md), "demote_h1", 30)


EXTENSIONS = ["extra", "codehilite", "sane_lists", "smarty", DemoteH1Extension(), "toc"]
EXTENSION_CONFIGS = {
    "toc": {"toc_depth": "2-3", "permalink": False},
    # Classes, not inline styles: the Content-Security-Policy forbids those on site pages.
    "codehilite": {"css_class": "highlight", "noclasses": False, "guess_lang": False},
}


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: list[dict[str, str]] = field(default_factory=list)
    word_count: int = 0

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


def sanitize_html(
    raw: str,
    *,
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
) -> str:
    return nh3.clean(
        raw,
        tags=tags,
        attributes=attributes,
        allowed_classes=classes,
        url_schemes=url_schemes,
        link_rel="noopener noreferrer",
        # A wide code block scrolls sideways: keyboard readers must be able to focus it.
        set_tag_attribute_values={"pre": {"tabindex": "0"}},
        strip_comments=True,
    )


def render_markdown(text: str) -> RenderedBody:
    """Render Markdown, sanitise it, and collect the h2 outline and word count."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    safe_html = sanitize_html(md.convert(text or ""), url_schemes=URL_SCHEMES | {IMAGE_SCHEME})
    safe_html = library_images_render(safe_html)
    toc = [
        {"id": token["id"], "title": html.unescape(token["name"])}
        for token in _flatten(md.toc_tokens)
        if token["level"] == 2
    ]
    word_count = len(nh3.clean(safe_html, tags=set()).split())
    return RenderedBody(html=safe_html, toc=toc, word_count=word_count)


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])


def image_ids_in(text: str) -> set[int]:
    """Library images a Markdown body refers to."""
    return {int(pk) for pk in re.findall(r"\]\(\s*image:(\d+)", text or "")}


def library_images_render(safe_html: str) -> str:
    """Replace each `image:N` reference in sanitised HTML by its <picture> (a <figure> with
    caption and credit when it stands alone in its paragraph); unknown images are dropped."""
    ids = {int(match.group(3)) for match in IMAGE_REF.finditer(safe_html)}
    if not ids:
        return safe_html
    images = images_by_ids(ids)

    def replace(match):
        opening, element, pk, closing = match.groups()
        image = images.get(int(pk))
        if image is None:
            return (opening or "") + (closing or "")
        alt_match = IMAGE_ALT.search(element)
        alt = html.unescape(alt_match.group(1)) if alt_match and alt_match.group(1) else None
        picture = picture_html(image, alt=alt)
        if not (opening and closing):
            return (opening or "") + picture + (closing or "")
        caption = " · ".join(part for part in (image.caption, image.credit) if part)
        if caption:
            return format_html(
                '<figure class="article-figure">{}<figcaption>{}</figcaption></figure>',
                picture,
                caption,
            )
        return format_html('<figure class="article-figure">{}</figure>', picture)

    return sanitize_html(
        IMAGE_REF.sub(replace, safe_html),
        tags=PICTURE_TAGS,
        attributes=PICTURE_ATTRIBUTES,
        classes=PICTURE_CLASSES,
    )
