"""What every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ficlens.model import Segment, Work

MAX_BYTES = 200 * 1024 * 1024
"""Inputs above this size are refused: a story model of a larger text would not fit a laptop's memory."""
MAX_UNZIPPED = 200 * 1024 * 1024
"""An EPUB may not unpack to more than this in all (zip bombs)."""
MAX_MEMBER = 64 * 1024 * 1024
"""Nor any one file inside it to more than this."""
MAX_RATIO = 200
"""Nor any member compress better than this (a text compresses about 3:1, a bomb 1000:1)."""


class InputError(Exception):
    """A work that cannot be read; the message is one line meant for the user."""


@dataclass(frozen=True)
class Emphasis:
    start: int
    end: int
    style: Literal["italic", "bold", "underline"]


@dataclass
class Document:
    text: str
    encoding: str
    source_format: str = "text"
    work: Work = field(default_factory=Work)
    segments: list[Segment] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    include_text: bool = False
    """True when the text was extracted from markup, so offsets only make sense with the text beside them."""
    legend: dict[str, dict[str, str | None]] = field(default_factory=dict)
    """What the work's own legend says a style means: style ('italic', 'bold', 'underline', 'double_quote',
    'single_quote') -> {"kind": "speech"|"thought"|"telepathy"|None, "speaker": name|None, "meaning": text}."""
