"""What every relations rule reads: sentences with their characters and groups, and who spoke to whom."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import takewhile

from ficlens.relations.groups import FoundGroup
from ficlens.relations.sentences import Sentence


@dataclass(frozen=True)
class Said:
    """One quotation: its span, its speaker and addressees (character ids)."""

    start: int
    end: int
    speaker: str | None
    addressees: tuple[str, ...]
    kind: str = "speech"
    words: int = 0


@dataclass
class RelationContext:
    text: str
    sentences: list[Sentence]
    groups: list[FoundGroup]
    said: list[Said]
    aliases: dict[str, set[str]] = field(default_factory=dict)
    """Character id -> every form naming the character (insults a cast keeps are among them)."""
    canon: dict[str, list[int]] = field(default_factory=dict)
    """Character id -> groups a pack makes the character a member of."""
    group_spans: list[tuple[int, int, int]] = field(default_factory=list)
    insults: dict[str, set[str]] = field(default_factory=dict)
    """Character id -> the character's aliases that are insults ("demon brat"), filled as asked."""

    def __post_init__(self) -> None:
        self.group_spans = sorted((s, e, g) for g, group in enumerate(self.groups) for s, e in group.mentions)
        self._starts = [s for s, _, _ in self.group_spans]

    def groups_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Group mentions (start, end, group) inside [start, end)."""
        following = self.group_spans[bisect_left(self._starts, start) :]
        return list(takewhile(lambda m: m[0] < end, following))

    def led_groups(self, cid: str) -> list[int]:
        """Groups the character leads ("Kronos's army") or, by the pack, belongs to."""
        return [g for g, group in enumerate(self.groups) if group.leader == cid] + self.canon.get(cid, [])

    def speaker_of(self, sentence: Sentence) -> Said | None:
        return self.said[sentence.quote] if sentence.quote is not None else None
