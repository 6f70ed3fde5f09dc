"""What a user can choose about an export: which lines to read, and in whose voice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ficlens.export.errors import ExportError

Treatment = Literal["keep", "skip", "mark"]
"""keep: read as any other line; skip: leave out; mark: read in a voice of its own ('Sasuke (thought)')."""

TREATMENTS: tuple[Treatment, ...] = ("keep", "skip", "mark")


@dataclass(frozen=True)
class ExportOptions:
    thoughts: Treatment = "keep"
    telepathy: Treatment = "keep"
    notes: Treatment = "keep"
    """Author's notes (segments of kind author_note)."""
    narrator: str = "Narrator"
    """The voice of narration and of utterances whose speaker is unknown."""
    voices: dict[str, str] = field(default_factory=dict)
    """Voice name -> engine voice, as read from a voice map file (`--voices`); empty: the defaults."""

    def __post_init__(self) -> None:
        for name in ("thoughts", "telepathy", "notes"):
            if getattr(self, name) not in TREATMENTS:
                raise ExportError(f"{name} must be one of {', '.join(TREATMENTS)}, not {getattr(self, name)!r}")
