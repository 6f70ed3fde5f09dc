"""Plain text: decode bytes, refusing binary data and falling back to a detected encoding."""

from __future__ import annotations

from ficlens.document import Document
from ficlens.errors import InputError
from ficlens.ingest.encoding import bom_encoding, eight_bit, utf8_with_stray_bytes, where

_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


def looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(8, len(sample) // 100)


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """UTF-8 (a UTF-8 BOM is kept as U+FEFF so offsets match a plain decode); UTF-16/32 with a BOM; UTF-8 with a
    few stray bytes replaced (warning); else Windows-1252 or a detected encoding (warning)."""
    bom = bom_encoding(data)
    if bom is not None and bom[0] != "utf-8":
        encoding, length = bom
        text = data[length:].decode(encoding, errors="replace")
        warnings = [f"bad bytes in this {encoding} file were replaced with U+FFFD"] if "\ufffd" in text else []
        return text, encoding, warnings
    if looks_binary(data):
        raise InputError("this looks like binary data, not a story")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    mostly = utf8_with_stray_bytes(data)
    if mostly is not None:
        return mostly[0], "utf-8", mostly[1]
    guess = eight_bit(data)
    if guess is None:
        raise InputError(f"the text is not UTF-8 (bad byte at {where(data, first_bad)}) and no encoding fits it")
    text, encoding = guess
    return text, encoding, [f"not UTF-8 (first bad byte at {where(data, first_bad)}); decoded as {encoding}"]


def read_text(data: bytes) -> Document:
    text, encoding, warnings = decode_text(data)
    if not text.strip():
        raise InputError("the file holds no text")
    return Document(text=text, encoding=encoding, source_format="text", warnings=warnings)
