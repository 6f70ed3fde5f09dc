"""Limits every reader enforces; `Document` itself lives in `ficlens.document` (kept importable here)."""

from __future__ import annotations

from ficlens.document import Document, Emphasis
from ficlens.errors import InputError

__all__ = ["MAX_BYTES", "MAX_MEMBER", "MAX_RATIO", "MAX_UNZIPPED", "Document", "Emphasis", "InputError"]

MAX_BYTES = 200 * 1024 * 1024
"""Inputs above this size are refused: a story model of a larger text would not fit a laptop's memory."""
MAX_UNZIPPED = 200 * 1024 * 1024
"""An EPUB may not unpack to more than this in all (zip bombs)."""
MAX_MEMBER = 64 * 1024 * 1024
"""Nor any one file inside it to more than this."""
MAX_RATIO = 200
"""Nor any member compress better than this (a text compresses about 3:1, a bomb 1000:1)."""
