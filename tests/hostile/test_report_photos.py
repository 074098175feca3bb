"""Report photos under attack (geodata.reports.photos): only JPEG, PNG and WebP by their bytes,
sizes and pixel counts capped before decoding, every metadata block stripped, polyglots cut
down to their image, files named by the hash of what is stored."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from finder.errors import InvalidData, PayloadTooLarge, UnsupportedMediaType
from geodata.reports.photos import PhotoFolder, PhotoLimits, clean
from testsupport import photo_files as pf


def stored(data: bytes) -> Image.Image:
    record, encoded = clean(data)
    assert record.sha256 == hashlib.sha256(encoded).hexdigest()
    assert record.media_type == "image/jpeg" and record.size == len(encoded)
    image = Image.open(io.BytesIO(encoded))
    assert image.format == "JPEG"
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_three_formats_are_accepted_and_stored_as_jpeg(fmt):
    image = stored(pf.image_bytes(fmt, size=(64, 48)))
    assert image.size == (64, 48)


def test_a_jpeg_with_gps_exif_is_stored_without_any_metadata():
    original = pf.jpeg_with_gps(size=(80, 40))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # it does carry GPS
    record, encoded = clean(original)
    image = Image.open(io.BytesIO(encoded))
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    for secret in (b"Exif", b"SecretPhone", b"secret-xmp", b"secret-comment", b"GPS"):
        assert secret not in encoded
    assert image.size == (40, 80)  # orientation 6 applied before the EXIF was dropped
    assert (record.width, record.height) == (40, 80)


def test_a_png_declaring_a_huge_size_is_refused_before_it_is_decoded():
    for width, height in [(100_000, 100_000), (8_000, 8_000), (50_001, 1_000)]:
        with pytest.raises(PayloadTooLarge) as caught:
            clean(pf.png_declaring(width, height))
        assert "pixels" in caught.value.message and caught.value.status == 413


def test_a_jpeg_with_a_zip_behind_it_is_stored_as_the_image_alone():
    polyglot = pf.jpeg_zip_polyglot()
    assert b"PK\x03\x04" in polyglot
    _, encoded = clean(polyglot)
    assert b"PK\x03\x04" not in encoded and b"<script>" not in encoded


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (pf.GIF_JS, "a GIF that is also JavaScript"),
        (pf.SVG, "an SVG with a script"),
        (b"", "nothing"),
        (b"<html><script>alert(1)</script>", "HTML"),
        (b"\x00\x00\x00\x18ftypheic", "HEIC"),
        (b"BM" + b"\0" * 60, "a BMP"),
    ],
)
def test_other_types_are_refused_by_their_bytes(data, what):
    with pytest.raises(UnsupportedMediaType) as caught:
        clean(data)
    assert "JPEG, PNG or WebP" in caught.value.message, what


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_files_are_refused(fmt):
    whole = pf.image_bytes(fmt, size=(400, 300), color=(10, 120, 200), quality=95)
    with pytest.raises(InvalidData) as caught:
        clean(pf.truncated(whole))
    assert caught.value.status == 422 and caught.value.field == "photo"


def test_a_file_whose_magic_lies_is_refused():
    # PNG's signature, then a JPEG: Pillow is told to try PNG only, so it cannot read it.
    liar = b"\x89PNG\r\n\x1a\n" + pf.image_bytes("JPEG")
    with pytest.raises(InvalidData):
        clean(liar)


def test_a_png_named_jpg_is_judged_by_its_bytes(tmp_path):
    folder = PhotoFolder(tmp_path / "photos")
    record = folder.save(pf.image_bytes("PNG", alpha=True, color=(0, 0, 0, 0)))
    assert folder.path(record.sha256).name == f"{record.sha256}.jpg"
    image = Image.open(folder.path(record.sha256))
    assert image.format == "JPEG" and image.getpixel((0, 0)) == (255, 255, 255)


def test_too_many_bytes_is_a_413():
    limits = PhotoLimits(max_bytes=1000)
    with pytest.raises(PayloadTooLarge):
        clean(pf.image_bytes("PNG", size=(300, 300), color=(1, 2, 3)) + b"\0" * 1000, limits)


def test_big_photos_are_scaled_down_and_the_same_photo_is_one_file(tmp_path):
    folder = PhotoFolder(tmp_path / "photos", PhotoLimits(max_side=256))
    data = pf.image_bytes("JPEG", size=(1024, 512))
    first, second = folder.save(data), folder.save(data)
    assert first == second and (first.width, first.height) == (256, 128)
    assert [p.name for p in (tmp_path / "photos").iterdir()] == [f"{first.sha256}.jpg"]
    assert folder.read(first.sha256)[:3] == b"\xff\xd8\xff"
