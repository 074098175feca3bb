"""Which encoding an import's text is in: UTF-8 (with or without a byte-order mark), UTF-16
with a byte-order mark, or GB18030 as Excel on Chinese Windows saves CSV; Big5 and Shift-JIS
are recognised and refused by name, since GB18030 would decode them to gibberish without error.

GB18030 can decode almost any byte sequence, so failing to decode proves nothing. Instead each
candidate decoding is scored by the share of its non-ASCII characters that are among that
encoding's common characters (GB2312's, Big5's frequent set, JIS X 0208's level 1 and kana): the
right decoding gives ordinary text, a wrong one rare or private-use characters.

>>> decode("编号,名称".encode("gb18030"))
'编号,名称'
>>> decode("編號,名稱,愛心驛站".encode("big5"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
geodata.io.encodings.WrongEncoding: the text is in Big5 (Traditional Chinese, ...
"""

from __future__ import annotations

import codecs
from functools import cache

TEXT_ENCODINGS = ("UTF-8", "UTF-16 with a byte-order mark", "GB18030")
_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_NAMES = {
    "big5": "Big5 (Traditional Chinese, as in Taiwan and Hong Kong)",
    "shift_jis": "Shift-JIS (Japanese)",
}
# A rival decoding must be this much more ordinary than GB18030's to be believed.
_MARGIN = 0.25
_SAMPLE_BYTES = 64 * 1024


class WrongEncoding(ValueError):
    """Text in an encoding that is recognised but not read (the message names it)."""


class UnknownEncoding(ValueError):
    pass


def has_utf16_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode(data: bytes) -> str:
    """The text of ``data``; :class:`WrongEncoding` or :class:`UnknownEncoding` if unreadable."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise UnknownEncoding(
                    "the text starts with a UTF-16 byte-order mark but is not UTF-16"
                ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE_BYTES]
    gb = _score(sample, "gb18030")
    for codec, name in _NAMES.items():
        if _score(sample, codec) > gb + _MARGIN:
            raise WrongEncoding(
                f"the text is in {name}, not UTF-8 or GB18030; save it as UTF-8 "
                '(Excel: Save As, "CSV UTF-8") and import that'
            )
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnknownEncoding(
            f"the text is in none of the encodings read ({', '.join(TEXT_ENCODINGS)}); "
            "save it as UTF-8"
        ) from None


def _score(sample: bytes, codec: str) -> float:
    """The share of the non-ASCII characters decoded that are common ones (-1: undecodable)."""
    # The sample may end inside a character: ignore a broken last one.
    text = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        decoded = text.decode(sample, final=False)
    except UnicodeDecodeError:
        return -1.0
    wide = [c for c in decoded if ord(c) > 127]
    if not wide:
        return 0.0
    common = _common(codec)
    return sum(c in common for c in wide) / len(wide)


@cache
def _common(codec: str) -> frozenset[str]:
    if codec == "gb18030":  # GB2312: symbols, then levels 1 and 2 of the hanzi
        ranges = [(0xA1, 0xA9, 0xA1, 0xFE), (0xB0, 0xF7, 0xA1, 0xFE)]
        return _decoded(ranges, "gb2312")
    if codec == "big5":  # symbols and the frequently used characters
        ranges = [(0xA1, 0xA3, 0x40, 0xFE), (0xA4, 0xC6, 0x40, 0xFE)]
        return _decoded(ranges, "big5")
    # Shift-JIS: symbols, kana and level 1 of the kanji (JIS X 0208 rows 1 to 47).
    ranges = [(0x81, 0x84, 0x40, 0xFC), (0x88, 0x98, 0x40, 0xFC)]
    return _decoded(ranges, "shift_jis")


def _decoded(ranges: list[tuple[int, int, int, int]], codec: str) -> frozenset[str]:
    chars = set()
    for lead_lo, lead_hi, trail_lo, trail_hi in ranges:
        for lead in range(lead_lo, lead_hi + 1):
            for trail in range(trail_lo, trail_hi + 1):
                try:
                    chars.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    chars.add("\u3000")
    return frozenset(chars)
