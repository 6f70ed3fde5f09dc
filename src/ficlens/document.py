"""What every reader produces and every step starts from: the decoded text and what the format told us."""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.model import EmphasisStyle, Segment, Work


@dataclass(frozen=True)
class Emphasis:
    start: int
    end: int
    style: EmphasisStyle


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
