"""A report's photo, handled as hostile until proven an image: checked by its bytes, decoded
under limits, re-encoded without any metadata, stored under the hash of what was written.

1. **Size**: at most ``max_bytes`` (``PHOTO_MAX_BYTES``, 5 MB) or a 413.
2. **Type by the bytes**: JPEG (``FF D8 FF``), PNG (its 8-byte signature) or WebP (``RIFF``
   ... ``WEBP``); the name and the Content-Type are never asked. Anything else (SVG, GIF,
   HEIC, a script) is a 415. Pillow is then told to try only that one decoder
   (``Image.open(..., formats=[...])``), so a file cannot be read as some other format.
3. **Pixels before pixels are decoded**: the size the header declares is checked against
   ``max_pixels`` (``PHOTO_MAX_PIXELS``) before ``load()``, and Pillow's own decompression-bomb
   guard is made an error too (a 413: a PNG declaring 100,000 × 100,000 costs nothing to
   send and 40 GB to decode).
4. **Whole and valid**: ``verify()`` (PNG's checksums), then a full decode with truncated
   images refused (``LOAD_TRUNCATED_IMAGES`` stays off); any failure is a 422.
5. **Re-encoded**: orientation applied (``ImageOps.exif_transpose``), scaled to at most
   ``max_side`` pixels, pasted into a new RGB image (a new image has no ``info``: no EXIF,
   GPS, XMP, ICC profile or text chunks can ride along) and saved as a baseline JPEG. Bytes
   appended to the original (a ZIP behind a JPEG: a polyglot) are not in what is stored.
6. **Stored** as ``<sha256>.jpg`` of the re-encoded bytes in ``PHOTO_DIR`` (outside the code
   tree; default ``instance/photos``), written to a temporary name and renamed, so a reader
   never sees half a file; the same photo twice is one file.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from finder.errors import InvalidData, NotFound, PayloadTooLarge, UnsupportedMediaType
from geodata.reports.model import PhotoRecord

STORED_TYPE = ("image/jpeg", "jpg", "JPEG")
JPEG_QUALITY = 85
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_side: int = 2048


def sniff(data: bytes) -> str | None:
    """The Pillow format the bytes begin as (JPEG, PNG or WEBP), or None.

    >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff(b"RIFF\\x10\\0\\0\\0WEBPVP8 "), sniff(b"<svg")
    ('PNG', 'WEBP', None)
    """
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean(data: bytes, limits: PhotoLimits = PhotoLimits()) -> tuple[PhotoRecord, bytes]:
    """The photo re-encoded and stripped (see the module), with its record; a 413, 415 or
    422 naming the problem otherwise."""
    if len(data) > limits.max_bytes:
        raise PayloadTooLarge(
            f"the photo is {len(data):,} bytes; at most {limits.max_bytes:,} are accepted",
            parameter="photo",
        )
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMediaType(
            "the photo must be a JPEG, PNG or WebP image (judged by its bytes, not its name); "
            f"this file begins {data[:8]!r}",
            parameter="photo",
        )
    encoded, size = _encoded(_decoded(data, kind, limits), limits)
    digest = hashlib.sha256(encoded).hexdigest()
    record = PhotoRecord(digest, STORED_TYPE[0], len(encoded), *size)
    return record, encoded


def _open(data: bytes, kind: str) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=[kind])


def _decoded(data: bytes, kind: str, limits: PhotoLimits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = _open(data, kind)
            _check_pixels(probe.size, limits)
            probe.verify()
            image = _open(data, kind)
            if kind == "JPEG":  # decode at a fraction of the size when it will be scaled down
                image.draft("RGB", (limits.max_side, limits.max_side))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(str(exc), limits) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # UnidentifiedImageError is an OSError; a truncated file is "image file is truncated".
        raise InvalidData(f"the photo is not a whole {kind} image ({exc})", field="photo") from None
    return image


def _check_pixels(size: tuple[int, int], limits: PhotoLimits) -> None:
    width, height = size
    if width * height > limits.max_pixels:
        raise _too_many_pixels(f"{width:,} × {height:,} pixels", limits)


def _too_many_pixels(what: str, limits: PhotoLimits) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the photo is too large to decode safely ({what}); at most "
        f"{limits.max_pixels:,} pixels are accepted",
        parameter="photo",
    )


def _encoded(image: Image.Image, limits: PhotoLimits) -> tuple[bytes, tuple[int, int]]:
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((limits.max_side, limits.max_side))
    rgba = upright.convert("RGBA")
    fresh = Image.new("RGB", rgba.size, (255, 255, 255))  # no info: nothing rides along
    fresh.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    fresh.save(out, STORED_TYPE[2], quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), fresh.size


class PhotoFolder:
    """The stored photos: ``<sha256>.jpg`` files in ``directory`` (created, owner-only)."""

    def __init__(self, directory: str | os.PathLike[str], limits: PhotoLimits = PhotoLimits()):
        self.directory = Path(directory)
        self.limits = limits

    def save(self, data: bytes) -> PhotoRecord:
        """Check, clean and store a photo; its record (the same photo twice: one file)."""
        record, encoded = clean(data, self.limits)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = self.path(record.sha256)
        if not target.exists():
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(fd, "wb") as file:
                file.write(encoded)
            os.replace(temporary, target)
        return record

    def path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise NotFound(f"no photo {sha256!r}", parameter="photo")
        return self.directory / f"{sha256}.{STORED_TYPE[1]}"

    def read(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise NotFound(
                f"photo {sha256} is recorded but its file is missing", parameter="photo"
            ) from None
