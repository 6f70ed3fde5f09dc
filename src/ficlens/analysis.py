"""The working state of one analysis, enriched step by step and finally turned into a `StoryModel`.

Its parts are layers: each is assigned by one step (or given when the analysis is made) and read by the steps
after it; `steps.Step` names the layers a step requires and assigns, so a pipeline can check its own order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ficlens.cast.cast import Cast
from ficlens.model import (
    AddresseeEvidence,
    Character,
    EmphasisSpan,
    Event,
    Evidence,
    Group,
    Interaction,
    Membership,
    Relationship,
    Segment,
    Stats,
    StoryModel,
    Utterance,
    UtteranceKind,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.ahead import AheadWork
    from ficlens.cast.packs import Pack
    from ficlens.document import Document
    from ficlens.model import Source
    from ficlens.nlp import ParsedParagraph
    from ficlens.roster import Roster

Layer = Literal[
    "document", "pack", "roster", "paragraphs", "segments", "parse", "quotes", "cast", "speakers", "addressees",
    "relations",
]
"""document, pack, roster: given. paragraphs, segments (with word_count, lines_are_paragraphs): structure step. parse:
`Paragraph.parsed`, read as `Paragraph.doc`. quotes: the quotations and their kinds. cast: characters, aliases and the mention index.
speakers: `Quote.speaker`, evidence, confidence, vocatives. addressees: `Quote.addressees`. relations: groups, memberships, events, relationships, interactions."""
GIVEN_LAYERS: tuple[Layer, ...] = ("document", "pack", "roster")


@dataclass
class Relations:
    """The relations layer, in the story model's own classes (character ids are public ids)."""

    groups: list[Group] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)


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
    parsed: ParsedParagraph | None = None
    """The parse step's compact parse; steps read it through `doc`."""

    @property
    def doc(self) -> Doc | None:
        """The paragraph's spaCy `Doc` (None before the parse step, and for notes and markers), rebuilt from the
        compact parse when it is not one of the last few read: hold tokens only while working on a paragraph."""
        return self.parsed.doc if self.parsed is not None else None

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
    kind: UtteranceKind = "speech"
    speaker: int | None = None
    confidence: float = 0.0
    evidence: Evidence = "none"
    addressees: list[int] = field(default_factory=list)
    addressee_evidence: AddresseeEvidence | None = None
    vocatives: list[int] = field(default_factory=list)
    head_owner: int | None = None
    """For a telepathic voice: whose head it speaks in (the addressee)."""
    tag_gender: str | None = None
    """'male' or 'female' when the tag is "he said" / "she said": no rule may give the line to the other gender."""
    legend_speaker: str | None = None
    """The speaker a work's legend names for this style ("**bold** = Kurama speaking"), set by emphasis_utterances."""
    username: str | None = None
    """For a chat line (`icyhot: nobody asked u`): the handle that wrote it."""
    tag_speaker: int | None = None
    """The speaker an explicit tag names; no later rule may give the line to anyone else."""
    signature: str | None = None
    """For a letter: the name or initials it is signed with ("D.", "Love, Sasha")."""
    salutation: str | None = None
    """For a letter: the one its salutation names ("Katniss,", "Dear Dad,")."""


@dataclass
class Analysis:
    document: Document
    pack: Pack | None = None
    roster: Roster | None = None
    """A user's roster (`--cast FILE`): applied at the end of the cast step."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    cast: Cast = field(default_factory=Cast)
    word_count: int = 0
    lines_are_paragraphs: bool = False
    """One paragraph a line (set by the structure step): quotations may then run across lines."""
    relations: Relations | None = None
    """Groups, memberships, events, relationships and interactions (the relations step)."""
    ahead: AheadWork | None = field(default=None, repr=False, compare=False)
    """Not a layer: the process computing later steps' ahead work while the pipeline runs (`ahead.py`)."""

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
        ids = cast.public_ids()
        lines: dict[int, int] = {}
        utterances = []
        for number, quote in enumerate(self.quotes):
            if quote.speaker is not None:
                lines[quote.speaker] = lines.get(quote.speaker, 0) + 1
            utterances.append(
                Utterance(
                    id=f"u{number}",
                    kind=quote.kind,
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
                kind=member.kind,
                lines=lines.get(index, 0),
                evidence=sorted(member.evidence | ({"speaks"} if index in lines else set())
                                | ({"addressed"} if index in addressed else set())),
            )
            for index, member in cast.kept()
        ]
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
            **(vars(self.relations) if self.relations else {}),
            warnings=list(self.document.warnings),
            stats=Stats(words=self.word_count, utterances=len(utterances), characters=len(characters), seconds=0.0),
        )
