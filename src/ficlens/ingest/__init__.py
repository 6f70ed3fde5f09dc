"""Formats to text: turn the bytes of a work into a `Document` (text, metadata, emphasis, known segments).

`read_document` sniffs the format from the content, not the file name, and raises `InputError` with a
one-line message for anything it cannot read. Formats: AO3 HTML and EPUB downloads, FanFicFare EPUB, HTML and
TXT, fanfiction.net text, other HTML/EPUB, plain text (see docs/formats.md).
"""

from ficlens.document import Document, Emphasis
from ficlens.errors import InputError
from ficlens.ingest.sniff import read_document, sniff

__all__ = ["Document", "Emphasis", "InputError", "read_document", "sniff"]
