"""Photos for the report tests, made on the fly with Pillow: ordinary ones, and hostile ones
(a JPEG carrying GPS, XMP, an ICC profile and a comment; a PNG declaring a huge size; a
JPEG with a ZIP behind it; a GIF that is also JavaScript; an SVG; truncated files)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import ExifTags, Image, ImageCms

GPS_LAT = (37.0, 51.0, 43.2)  # the point the EXIF would give away: Taiyuan
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>secret-xmp</x:xmpmeta>'


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps(size=(80, 40)) -> bytes:
    """A JPEG with GPS in its EXIF, orientation 6 (turn 90°), XMP, an ICC profile and a
    comment: everything the stored copy must lose (but the turn, which it must apply)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SecretPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LAT
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (112.0, 34.0, 1.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return image_bytes(
        "JPEG", size, exif=exif.tobytes(), icc_profile=icc, xmp=XMP, comment=b"secret-comment"
    )


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` × ``height`` pixels (a decompression bomb
    costs nothing to send: the IDAT here is a few bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def jpeg_zip_polyglot() -> bytes:
    """A valid JPEG with a ZIP archive appended (many unzip tools read it from the end)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return image_bytes("JPEG") + archive.getvalue()


GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(document.domain);//"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]
