"""The story model: what ficlens writes for one work.

Every span is a pair of code-point offsets into ``StoryModel.text`` (for a plain-text file, the file's own
text exactly as decoded), so ``text[start:end]`` gives the span back in any language.
The JSON Schema in ``schema/`` is generated from these classes (``ficlens schema``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

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
    "conversation", "ranker", "none",
]
"""The rule (or the learned ranker) that chose an utterance's speaker; "none" when nothing did."""
AddresseeEvidence = Literal["vocative", "telepathy", "previous-speaker", "next-speaker", "vocative-alias"]
"""The rule that chose an utterance's addressees."""


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


class Work(_Model):
    """Metadata a download carries (AO3, FanFicFare, fanfiction.net); empty for plain text."""

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


class Interaction(_Model):
    """How often one character spoke to another."""

    speaker: str
    addressee: str
    count: int


class Stats(_Model):
    words: int
    utterances: int
    characters: int
    seconds: float


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
    warnings: list[str] = Field(default_factory=list)
    stats: Stats


def json_schema() -> dict:
    schema = StoryModel.model_json_schema()
    schema["$id"] = f"https://ficlens.invalid/schema/story-model-{SCHEMA_VERSION}.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
