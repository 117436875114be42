"""Image files for the tests, made in memory: a phone photo with its location, hostile files."""

import io
import struct
import zlib

from PIL import ExifTags, ImageCms
from PIL import Image as Pillow

from tests.factories import image_bytes

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description photoshop:City="Amsterdam"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(width=2000, height=1500) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position, XMP, a comment, an ICC profile,
    and EXIF orientation 6 (turn 90° clockwise to view)."""
    exif = Pillow.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SpyCam"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (52.0, 22.0, 30.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    picture = Pillow.new("RGB", (width, height), "#c0392b")
    picture.paste("#2980b9", (width // 2, 0, width, height))
    buffer = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), xmp=XMP, comment=b"secret", icc_profile=icc)
    return buffer.getvalue()


def carries_metadata(data: bytes) -> list[str]:
    """What a metadata reader would find in a file: [] when it is clean."""
    found = []
    with Pillow.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        if len(exif):
            found.append(f"EXIF {dict(exif)}")
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("GPS")
        found += [key for key in ("xmp", "comment", "icc_profile", "exif") if picture.info.get(key)]
    found += [marker for marker in ("Amsterdam", "SpyCam", "secret") if marker.encode() in data]
    return found


def svg() -> bytes:
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def bomb() -> bytes:
    """A small PNG whose header claims 40,000 × 40,000 pixels (1.6 gigapixels)."""
    buffer = io.BytesIO()
    Pillow.new("1", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data[12:29]  # b"IHDR" + 13 bytes
    patched = ihdr[:4] + struct.pack(">II", 40_000, 40_000) + ihdr[12:]
    data[12:29] = patched
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(patched)))
    return bytes(data)


def too_wide() -> bytes:
    buffer = io.BytesIO()
    Pillow.new("1", (12_000, 4)).save(buffer, "PNG")
    return buffer.getvalue()


def animation(frames: int) -> bytes:
    images = [
        Pillow.new("RGB", (8, 8), (index % 256, 255 - index % 256, 90)) for index in range(frames)
    ]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=40, loop=0)
    return buffer.getvalue()


def text_named_jpg() -> bytes:
    return b"This is not a picture, whatever its name says.\n"


def encoded(image_format: str, size=(640, 400), **options) -> bytes:
    return image_bytes(*size, colour="#16a394", image_format=image_format, **options)
