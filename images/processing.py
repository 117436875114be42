"""Pillow work on image bytes, knowing no model: checking an upload, stripping it, renditions
and share cards. Everything here runs on upload or in the task worker, never in a page view."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import (
    Image,
    ImageCms,
    ImageDraw,
    ImageFont,
    ImageOps,
    ImageSequence,
    UnidentifiedImageError,
    features,
)

# Pillow's own guard: a file claiming more pixels than this is refused before it is decoded.
Image.MAX_IMAGE_PIXELS = settings.IMAGES_MAX_PIXELS

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "GIF": "gif"}
RENDITION_WIDTHS = (400, 800, 1200, 1600)
# Smallest first: a browser takes the first <source> type it supports.
RENDITION_FORMATS = {
    "avif": ("AVIF", "image/avif", {"quality": 50, "speed": 8}),
    "webp": ("WEBP", "image/webp", {"quality": 72, "method": 5}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 78, "optimize": True, "progressive": True}),
}
CARD_SIZE = (1200, 630)
HAS_AVIF = features.check("avif")


class ImageRefused(ValueError):
    """An upload we will not store; the message is meant for the editor."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int
    content_hash: str


def image_clean(data: bytes) -> CleanImage:
    """Check an upload by its content and return it re-encoded with no metadata: EXIF (GPS
    included), XMP, comments and ICC profiles gone, orientation and colours applied first."""
    if len(data) > settings.IMAGES_MAX_UPLOAD_BYTES:
        raise ImageRefused(
            f"This file is {len(data) // (1024 * 1024)} MB; the limit is "
            f"{settings.IMAGES_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise ImageRefused("SVG images are not accepted: upload a JPEG, PNG, WebP, AVIF or GIF.")
    with warnings.catch_warnings():
        # A file just under Pillow's hard limit only warns; here it is refused too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                _check_header(probe)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                return _reencoded(image)
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(_too_big_message()) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ImageRefused(
                "This file is not an image we can read: upload a JPEG, PNG, WebP, AVIF or GIF."
            ) from None


def _too_big_message() -> str:
    side = settings.IMAGES_MAX_SIDE
    return (
        f"This image is too large: at most {side} pixels a side and "
        f"{settings.IMAGES_MAX_PIXELS // 1_000_000} megapixels."
    )


def _check_header(image: Image.Image) -> None:
    """What the header claims, checked before a single pixel is decoded."""
    if image.format not in ALLOWED_FORMATS:
        raise ImageRefused(
            f"{image.format or 'These'} files are not accepted: "
            "upload a JPEG, PNG, WebP, AVIF or GIF."
        )
    width, height = image.size
    if max(width, height) > settings.IMAGES_MAX_SIDE or width * height > settings.IMAGES_MAX_PIXELS:
        raise ImageRefused(_too_big_message())
    frames = getattr(image, "n_frames", 1)
    if frames > settings.IMAGES_MAX_FRAMES:
        raise ImageRefused(
            f"This animation has {frames} frames; the limit is {settings.IMAGES_MAX_FRAMES}."
        )


def _reencoded(image: Image.Image) -> CleanImage:
    file_format = image.format
    animated = getattr(image, "n_frames", 1) > 1
    buffer = io.BytesIO()
    if animated:
        # Frames are kept as they are (animations carry no orientation); metadata is not
        # copied because only the timing is passed on.
        timing = {key: image.info[key] for key in ("duration", "loop") if key in image.info}
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        for frame in frames:
            frame.info = {}
        frames[0].save(buffer, file_format, save_all=True, append_images=frames[1:], **timing)
        width, height = image.size
    else:
        image.load()
        clean = ImageOps.exif_transpose(image)
        clean = _in_srgb(clean)
        transparency = clean.info.get("transparency")
        # Encoders fall back on `info` for EXIF, XMP, ICC and comments: start from nothing.
        clean.info = {} if transparency is None else {"transparency": transparency}
        options = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "AVIF": {"quality": 80}}
        clean.save(buffer, file_format, **options.get(file_format, {}))
        width, height = clean.size
    content = buffer.getvalue()
    return CleanImage(
        content=content,
        extension=ALLOWED_FORMATS[file_format],
        width=width,
        height=height,
        content_hash=hashlib.sha256(content).hexdigest(),
    )


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted to sRGB where the file embeds another profile (then dropped)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA") or not features.check("littlecms2"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError):
        return image


def rendition_widths(width: int) -> list[int]:
    """The standard widths up to the original's (never upscaled); a small original as it is."""
    widths = [w for w in RENDITION_WIDTHS if w <= width]
    return widths or [width]


def renditions_make(data: bytes) -> dict[str, dict[int, bytes]]:
    """{extension: {width: bytes}} for every rendition format and width, first frame only."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        base = image.convert("RGBA" if _has_alpha(image) else "RGB")
    made = {}
    for extension, (file_format, _mime, options) in RENDITION_FORMATS.items():
        if extension == "avif" and not HAS_AVIF:
            continue
        made[extension] = {}
        for width in rendition_widths(base.width):
            height = max(1, round(base.height * width / base.width))
            resized = base if width == base.width else base.resize((width, height), Image.LANCZOS)
            if file_format == "JPEG" and resized.mode == "RGBA":
                resized = _flattened(resized)
            buffer = io.BytesIO()
            resized.save(buffer, file_format, **options)
            made[extension][width] = buffer.getvalue()
    return made


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _flattened(image: Image.Image) -> Image.Image:
    background = Image.new("RGB", image.size, "#ffffff")
    background.paste(image, mask=image.getchannel("A"))
    return background


# --- Share cards -------------------------------------------------------------------------

CARD_COLOURS = {"bg": "#111318", "text": "#e8e6e1", "accent": "#9c9cff", "muted": "#a3a9b6"}
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def card_from_image(data: bytes, *, focal_x: float, focal_y: float) -> bytes:
    """A 1200 × 630 JPEG cropped from the image around its focal point."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        base = image.convert("RGB")
    card = ImageOps.fit(base, CARD_SIZE, Image.LANCZOS, centering=(focal_x, focal_y))
    return _jpeg(card)


def card_drawn(*, title: str, section: str, site_name: str) -> bytes:
    """A 1200 × 630 JPEG card: site name, section and title in the site's dark colours."""
    card = Image.new("RGB", CARD_SIZE, CARD_COLOURS["bg"])
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, CARD_SIZE[1]), fill=CARD_COLOURS["accent"])
    margin = 90
    draw.text((margin, 70), site_name, font=_font(44), fill=CARD_COLOURS["text"])
    draw.text((margin, 140), section.upper(), font=_font(30), fill=CARD_COLOURS["accent"])
    size, lines = _fitted(draw, title, width=CARD_SIZE[0] - 2 * margin, height=330)
    font = _font(size)
    y = 210
    for line in lines:
        draw.text((margin, y), line, font=font, fill=CARD_COLOURS["text"])
        y += round(size * 1.2)
    return _jpeg(card)


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_FILES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    # Pillow ships a font of its own (Aileron, public domain) when no system font is there.
    return ImageFont.load_default(size)


def _fitted(draw, text: str, *, width: int, height: int) -> tuple[int, list[str]]:
    """The largest font size at which `text`, wrapped, fits the box; long titles end in …."""
    for size in (76, 68, 60, 52, 46, 40):
        font = _font(size)
        lines = _wrapped(draw, text, font, width)
        max_lines = height // round(size * 1.2)
        if len(lines) <= max_lines:
            return size, lines
    lines = _wrapped(draw, text, font, width)[:max_lines]
    return size, [*lines[:-1], lines[-1].rstrip(" .,;:") + "…"]


def _wrapped(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()
