"""What every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ficlens.model import Segment, Work

MAX_BYTES = 200 * 1024 * 1024
"""Inputs above this size are refused: a story model of a larger text would not fit a laptop's memory."""


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
