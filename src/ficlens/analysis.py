"""The working state of one analysis, enriched step by step and finally turned into a `StoryModel`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ficlens.model import Character, EmphasisSpan, Segment, Stats, StoryModel, Utterance

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.cast.cast import Cast
    from ficlens.cast.packs import Pack
    from ficlens.ingest import Document
    from ficlens.model import Source
    from ficlens.roster import Roster


@dataclass
class Paragraph:
    start: int
    end: int
    note: bool = False
    """An author's note, disclaimer or review request: kept out of the story analysis."""
    marker: bool = False
    """A structural line (scene break, flashback or POV marker, chapter heading) with no story content."""
    scene: int = 0
    """Increments at every chapter and scene break, so conversations never run across one."""
    doc: Doc | None = None

    @property
    def story(self) -> bool:
        return not (self.note or self.marker)


@dataclass
class Quote:
    start: int
    end: int
    inner_start: int
    inner_end: int
    para: int
    last_para: int
    kind: str = "speech"
    speaker: int | None = None
    confidence: float = 0.0
    evidence: str = "none"
    addressees: list[int] = field(default_factory=list)
    addressee_evidence: str | None = None
    vocatives: list[int] = field(default_factory=list)
    head_owner: int | None = None
    """For a telepathic voice: whose head it speaks in (the addressee)."""
    tag_gender: str | None = None
    """'male' or 'female' when the tag is "he said" / "she said": no rule may give the line to the other gender."""
    legend_speaker: str | None = None
    """The speaker a work's legend names for this style ("**bold** = Kurama speaking"), set by emphasis_utterances."""


@dataclass
class Analysis:
    document: Document
    pack: Pack | None = None
    roster: Roster | None = None
    """A user's roster (`--cast FILE`): applied at the end of the cast step."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    cast: Cast | None = None
    word_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.document.text

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing `offset` (or the last one starting before it)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraphs[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def to_model(self, source: Source, version: str) -> StoryModel:
        cast = self.cast
        ids = cast.public_ids() if cast else {}
        lines: dict[int, int] = {}
        utterances = []
        for number, quote in enumerate(self.quotes):
            if quote.speaker is not None:
                lines[quote.speaker] = lines.get(quote.speaker, 0) + 1
            utterances.append(
                Utterance(
                    id=f"u{number}",
                    kind=quote.kind,  # type: ignore[arg-type]
                    start=quote.start,
                    end=quote.end,
                    text=self.text[quote.inner_start : quote.inner_end],
                    speaker=ids.get(quote.speaker) if quote.speaker is not None else None,
                    addressees=[ids[a] for a in quote.addressees if a in ids],
                    confidence=round(quote.confidence, 3),
                    evidence=quote.evidence,
                    addressee_evidence=quote.addressee_evidence,
                )
            )
        addressed = {a for quote in self.quotes for a in quote.addressees}
        characters = [
            Character(
                id=ids[index],
                name=member.name,
                aliases=sorted(member.aliases),
                mentions=sorted(member.mentions),
                gender=member.gender,
                kind=member.kind,  # type: ignore[arg-type]
                lines=lines.get(index, 0),
                evidence=sorted(member.evidence | ({"speaks"} if index in lines else set())
                                | ({"addressed"} if index in addressed else set())),
            )
            for index, member in cast.kept()
        ] if cast else []
        return StoryModel(
            ficlens_version=version,
            source=source,
            fandom=self.pack.name if self.pack else None,
            work=self.document.work,
            text=self.text,
            characters=characters,
            utterances=utterances,
            segments=sorted(self.segments, key=lambda s: (s.start, -s.end)),
            emphasis=[EmphasisSpan(start=e.start, end=e.end, style=e.style) for e in self.document.emphasis],
            warnings=list(self.document.warnings),
            stats=Stats(words=self.word_count, utterances=len(utterances), characters=len(characters), seconds=0.0),
        )
