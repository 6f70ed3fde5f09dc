"""Pick a reader by looking at the bytes."""

from __future__ import annotations

from ficlens.ingest.document import MAX_BYTES, Document, InputError
from ficlens.ingest.text import read_text


def read_document(data: bytes, name: str | None = None, notes: str = "keep") -> Document:
    """Read any supported format; `notes='strip'` leaves author's notes out of the text."""
    if not data:
        raise InputError("the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"the file is too large ({len(data) // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
    return read_text(data)
