"""The story model: what ficlens writes for one work.

Every span is a pair of code-point offsets into ``StoryModel.text`` (for a plain-text file, the file's own
text exactly as decoded), so ``text[start:end]`` gives the span back in any language.
The JSON Schema in ``schema/`` is generated from these classes (``ficlens schema``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"

UtteranceKind = Literal["speech", "thought", "telepathy", "written"]
SegmentKind = Literal["chapter", "scene", "scene_break", "flashback", "author_note", "pov"]
Gender = Literal["male", "female", "nonbinary", "unknown"]
CharacterKind = Literal["named", "unnamed", "narrator"]
CastEvidence = Literal[
    "speaks", "addressed", "subject", "pronouns", "title", "honorific", "tag", "pack", "narrator", "reader"
]
"""Why a name is a character: it speaks, is spoken to, is the subject of a verb, takes a person's pronouns, a
title or an honorific, is in the work's character tags or a fandom pack, is the narrator or the reader of a
reader-insert."""
EmphasisStyle = Literal["italic", "bold", "underline"]
Evidence = Literal[
    "legend", "explicit-tag", "same-paragraph", "action-beat", "previous-narration", "vocative-reply", "turn-taking",
    "conversation", "ranker", "chat", "signature", "introduction", "none",
]
"""The rule (or the learned ranker) that chose an utterance's speaker; "none" when nothing did."""
AddresseeEvidence = Literal[
    "vocative", "telepathy", "previous-speaker", "next-speaker", "vocative-alias", "chat-reply", "salutation",
    "message-reply",
]
"""The rule that chose an utterance's addressees."""
GroupKind = Literal["faction", "place", "organisation", "family", "team"]
EventKind = Literal["join", "leave", "betray", "ally"]
Polarity = Literal["friendly", "hostile", "neutral"]
RelationshipKind = Literal["family", "romantic", "mentor", "rival", "friend", "enemy"]
Span = tuple[int, int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Character(_Model):
    """A person (or any speaking being) of the story, with every surface form used for it."""

    id: str = Field(description="Stable id within this story model, e.g. 'c0'.")
    name: str = Field(description="Canonical name.")
    aliases: list[str] = Field(description="Every surface form used for the character in the text.")
    mentions: list[tuple[int, int]] = Field(description="Spans of the name mentions.")
    gender: Gender | None = None
    kind: CharacterKind = Field(
        "named", description="'unnamed' for speakers known only by a description ('a drunk villager')."
    )
    lines: int = Field(0, description="Utterances attributed to the character.")
    evidence: list[CastEvidence] = Field(default_factory=list, description="Why this is a character.")


class Utterance(_Model):
    """A quotation, thought, telepathic voice or written message."""

    id: str
    kind: UtteranceKind
    start: int = Field(description="Offset of the opening quote mark.")
    end: int = Field(description="Offset just past the closing quote mark.")
    text: str = Field(description="The words inside the quote marks.")
    speaker: str | None = Field(description="Character id, or null when unknown.")
    addressees: list[str] = Field(default_factory=list, description="Character ids.")
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: Evidence = Field(description="The rule or model that chose the speaker, e.g. 'explicit-tag'.")
    addressee_evidence: AddresseeEvidence | None = Field(None, description="The rule that chose the addressees.")


class Segment(_Model):
    kind: SegmentKind
    start: int
    end: int
    title: str | None = None


class EmphasisSpan(_Model):
    """Italic, bold or underlined text of a download (or `*asterisks*` in plain text)."""

    start: int
    end: int
    style: EmphasisStyle


class AnthologyWork(_Model):
    """One work of an anthology (several works in one EPUB, as EpubMerge makes): its title, authors and the
    chapters it spans (1-based, inclusive, counted over the whole file)."""

    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    first_chapter: int
    last_chapter: int


class Work(_Model):
    """Metadata a download carries (AO3, FanFicFare, fanfiction.net); empty for plain text. `works` lists the
    works of an anthology (empty for a single work)."""

    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    fandoms: list[str] = Field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    relationships: list[str] = Field(default_factory=list)
    characters: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    language: str | None = None
    series: list[str] = Field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    words: int | None = None
    chapters: str | None = None
    summary: str | None = None
    source_url: str | None = None
    source_format: str = "text"
    works: list[AnthologyWork] = Field(default_factory=list)


class Interaction(_Model):
    """How much one character spoke to another in one chapter, so the conversation graph can be cut anywhere."""

    speaker: str
    addressee: str
    chapter: int = Field(description="Index of the chapter (0 for a work without chapters).")
    lines: int = Field(description="Utterances from speaker to addressee in the chapter.")
    words: int = Field(description="Words of those utterances.")


class Group(_Model):
    """A faction, village, house, team, organisation or family the characters can belong to."""

    id: str = Field(description="Stable id within this story model, e.g. 'g0'.")
    name: str
    aliases: list[str]
    kind: GroupKind
    mentions: list[Span] = Field(description="Spans of the group's names in the text.")


class Membership(_Model):
    """A character belongs to a group over the span [start, end) of the text."""

    character: str = Field(description="Character id.")
    group: str = Field(description="Group id.")
    start: int
    end: int = Field(description="The text's length when the membership holds to the end.")
    evidence: list[Span] = Field(description="Spans of the sentences that say it.")
    confidence: float = Field(ge=0.0, le=1.0)


class Event(_Model):
    """A character joins, leaves, betrays or allies with a group; start/end span the sentence that says it."""

    kind: EventKind
    character: str
    group: str
    start: int
    end: int
    text: str
    confidence: float = Field(ge=0.0, le=1.0)


class Phase(_Model):
    """A stretch of a relationship with one polarity, and the spans that support it."""

    start: int
    end: int
    polarity: Polarity
    evidence: list[Span]


class Relationship(_Model):
    a: str = Field(description="Character id.")
    b: str = Field(description="Character id.")
    kind: RelationshipKind | None = None
    phases: list[Phase]


class Stats(_Model):
    words: int
    utterances: int
    characters: int
    seconds: float
    tag_conflicts: int = Field(0, description="Utterances whose explicit tag names someone other than their speaker.")


class Source(_Model):
    name: str | None = None
    sha256: str
    encoding: str
    bytes: int


class StoryModel(_Model):
    schema_version: str = SCHEMA_VERSION
    ficlens_version: str
    source: Source
    fandom: str | None = None
    work: Work = Field(default_factory=Work)
    text: str
    characters: list[Character]
    utterances: list[Utterance]
    segments: list[Segment]
    emphasis: list[EmphasisSpan] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    stats: Stats


def json_schema() -> dict:
    schema = StoryModel.model_json_schema()
    schema["$id"] = f"https://ficlens.invalid/schema/story-model-{SCHEMA_VERSION}.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
