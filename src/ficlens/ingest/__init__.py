"""Formats to text: turn the bytes of a work into a `Document` (text, metadata, emphasis, known segments).

`read_document` sniffs the format from the content, not the file name, and raises `InputError` with a
one-line message for anything it cannot read.
"""

from ficlens.ingest.document import Document, Emphasis, InputError
from ficlens.ingest.sniff import read_document

__all__ = ["Document", "Emphasis", "InputError", "read_document"]
