"""Bytes to text for every reader: BOMs, UTF-8 with a few stray bytes, and the 8-bit encodings English uses.

Why not simply "UTF-8, else whatever the detector says": one stray Windows-1252 byte in a UTF-8 file made
the detector pick `mac_iceland` for the whole file (every curly quote became two wrong letters), and English
Windows-1252 text was guessed as cp1250. So a file that is UTF-8 but for a few bytes stays UTF-8 with those
bytes replaced (a warning says where), and a mostly-ASCII 8-bit file is read as Windows-1252, what English
text saved by Windows tools is.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))  # fmt: skip
"""UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one."""
MOSTLY_UTF8 = 4
"""A file with at least this many valid multi-byte UTF-8 characters per undecodable byte is UTF-8 with stray
bytes (an 8-bit file almost never holds a valid UTF-8 sequence by chance)."""
ENGLISH_LETTERS = 0.97
"""An 8-bit file whose letters (read as Windows-1252) are at least this share ASCII is English: Windows-1252.
(Polish, Czech, ... read as Windows-1252 show far more accented letters; they go to detection.)"""
SHOWN_PLACES = 3
"""How many bad-byte places a warning names."""
_DETECT_BYTES = 1_000_000


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark names, and the mark's length."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def where(data: bytes, offset: int) -> str:
    """'byte offset N, line L' for a message."""
    line = data.count(b"\n", 0, offset) + 1
    return f"byte offset {offset}, line {line}"


def _escaped(data: bytes) -> str:
    """UTF-8 with each bad byte kept as a lone surrogate (U+DC80..U+DCFF), so bad bytes can be counted."""
    return data.decode("utf-8", errors="surrogateescape")


def bad_bytes(data: bytes, limit: int = SHOWN_PLACES) -> tuple[int, list[int]]:
    """How many bytes do not decode as UTF-8, and the byte offsets of the first `limit` of them."""
    text = _escaped(data)
    positions = [i for i, char in enumerate(text) if "\udc80" <= char <= "\udcff"]
    offsets = [len(text[:i].encode("utf-8", errors="surrogateescape")) for i in positions[:limit]]
    return len(positions), offsets


def _valid_multibyte(data: bytes) -> int:
    return sum(1 for char in _escaped(data) if ord(char) > 127 and not "\udc80" <= char <= "\udcff")


def utf8_with_stray_bytes(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with its few bad bytes replaced by U+FFFD, and a warning naming where; None when the file is not
    mostly UTF-8."""
    count, offsets = bad_bytes(data)
    if not count or _valid_multibyte(data) < MOSTLY_UTF8 * count:
        return None
    places = "; ".join(where(data, offset) for offset in offsets)
    more = f" and {count - len(offsets)} more" if count > len(offsets) else ""
    noun = "byte" if count == 1 else "bytes"
    return data.decode("utf-8", errors="replace"), [
        f"{count} {noun} not valid UTF-8 replaced with U+FFFD (at {places}{more})"]


def eight_bit(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 for English text, else what charset-normalizer detects; None when nothing fits."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    letters = [char for char in text[:_DETECT_BYTES] if char.isalpha()]
    if letters and sum(char.isascii() for char in letters) / len(letters) >= ENGLISH_LETTERS:
        return text, "cp1252"
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None or not best.encoding:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None
