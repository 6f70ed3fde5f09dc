"""Plain text: decode bytes, refusing binary data and falling back to a detected encoding."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ficlens.document import Document
from ficlens.errors import InputError

_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


def looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(8, len(sample) // 100)


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode as UTF-8 (a BOM is kept as U+FEFF so offsets match a plain decode), else a detected encoding."""
    if looks_binary(data):
        raise InputError("this looks like binary data, not a story")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(f"the text is not UTF-8 (bad byte at offset {first_bad}) and no encoding fits it")
    encoding = best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise InputError(f"the text is not UTF-8 and does not decode as {encoding} either") from err
    return text, encoding, [f"not UTF-8 (bad byte at offset {first_bad}); decoded as {encoding}"]


def read_text(data: bytes) -> Document:
    text, encoding, warnings = decode_text(data)
    if not text.strip():
        raise InputError("the file holds no text")
    return Document(text=text, encoding=encoding, source_format="text", warnings=warnings)
