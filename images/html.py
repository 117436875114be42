"""The HTML of a library image on a page: built here only, from escaped values, for the
templates and for the Markdown renderer (which sanitises it again: articles/rendering.py)."""

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Image

# The article column is 42rem (672 px) wide and fills a phone's width, less the margins.
ARTICLE_SIZES = "(max-width: 720px) calc(100vw - 2rem), 672px"
FALLBACK_WIDTH = 800


def picture_html(
    image: Image, *, alt: str | None = None, sizes: str = ARTICLE_SIZES, lead: bool = False
) -> SafeString:
    """<picture> with AVIF and WebP sources and a JPEG <img>, width and height set; only the
    stripped original until the worker has made the renditions."""
    alt = image.alt if alt is None else alt
    loading = mark_safe(' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"')
    sources = image.sources()
    if not sources:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}"{}>',
            default_storage.url(image.file.name),
            alt,
            image.width,
            image.height,
            loading,
        )
    fallback = sources[-1]  # JPEG, the format every browser reads
    modern = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, srcset(widths), sizes) for _ext, mime, widths in sources[:-1]),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}>'
        "</picture>",
        modern,
        default_storage.url(image.rendition_at_most(fallback[0], FALLBACK_WIDTH)),
        srcset(fallback[2]),
        sizes,
        alt,
        image.width,
        image.height,
        loading,
    )


def preload_html(image: Image, *, sizes: str = ARTICLE_SIZES) -> SafeString:
    """A <link rel=preload> for the lead image, in the format the <picture> offers first."""
    sources = image.sources()
    if not sources:
        return format_html(
            '<link rel="preload" as="image" href="{}" fetchpriority="high">',
            default_storage.url(image.file.name),
        )
    _ext, mime, widths = sources[0]
    return format_html(
        '<link rel="preload" as="image" type="{}" imagesrcset="{}" imagesizes="{}" '
        'fetchpriority="high">',
        mime,
        srcset(widths),
        sizes,
    )


def srcset(widths: list[tuple[int, str]]) -> str:
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in widths)
