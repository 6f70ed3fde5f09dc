"""The one line model every export is built from: the story text cut into lines, in order, nothing lost.

A line is a quotation, thought, telepathic voice or written message (an utterance of the story model, quote
marks included), or the narration between two of them; attribution tags ("said Sasuke.") stay in the
narration. Narration is also cut where a paragraph, a chapter or an author's note begins, so a script can
put a blank line between paragraphs and a line never straddles two chapters. The texts of `story_lines(model)`
concatenate to `model.text` exactly; the options then only drop lines or change the voice that reads them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from typing import Literal

from ficlens.export.options import ExportOptions, Treatment
from ficlens.model import StoryModel, Utterance
from ficlens.textlayout import split_paragraphs

LineKind = Literal["narration", "speech", "thought", "telepathy", "written"]

NOTE_VOICE = "Author's note"
"""The voice of marked author's notes."""


@dataclass(frozen=True)
class Line:
    """One line of the script. `speaker` and `addressees` are character ids; `voice` is who reads it."""

    index: int
    kind: LineKind
    start: int
    end: int
    text: str
    chapter: int
    """1-based number of the chapter the line starts in; 0 before the first chapter heading."""
    chapter_title: str | None
    paragraph: int
    """0-based number of the paragraph the line starts in, so scripts can keep paragraphs apart."""
    note: bool
    """Inside an author's note."""
    speaker: str | None = None
    speaker_name: str | None = None
    addressees: tuple[str, ...] = ()
    addressee_names: tuple[str, ...] = ()
    confidence: float | None = None
    """The speaker's confidence; None for narration."""
    utterance: str | None = None
    voice: str = ""
    fallback: bool = False
    """An utterance without a known speaker, read by the narrator."""
    marked: bool = False
    """Read in a voice of its own because of a `mark` option ('Sasuke (thought)', "Author's note")."""


def story_lines(model: StoryModel, options: ExportOptions | None = None) -> list[Line]:
    """Every line of the story in order; with options, lines are dropped or re-voiced as the options say."""
    options = options or ExportOptions()
    paragraph_starts = [p.start for p in split_paragraphs(model.text)]
    pieces = _pieces(model, paragraph_starts)
    chapters = Chapters(model)
    notes = _Notes(model)
    names = {c.id: c.name for c in model.characters}
    labels = voice_labels(model, options.narrator)
    lines: list[Line] = []
    for start, end, utterance in pieces:
        number, title = chapters.at(start)
        note = notes.covers(start)
        fields = dict(
            kind="narration",
            start=start,
            end=end,
            text=model.text[start:end],
            chapter=number,
            chapter_title=title,
            paragraph=max(bisect_right(paragraph_starts, start) - 1, 0),
            note=note,
        )
        if utterance is not None:
            fields.update(_utterance_fields(utterance, names))
        line = _voiced(Line(index=0, **fields), labels, options)
        if line is not None:
            lines.append(line)
    return [_renumber(line, number) for number, line in enumerate(lines)]


def voice_labels(model: StoryModel, narrator: str = "Narrator") -> dict[str, str]:
    """A voice name per character id: the character's name, with the id added where two share a name (or one
    shares the narrator's), so a voice map keyed by name never gives two characters one voice by accident."""
    taken = Counter([c.name.strip() for c in model.characters] + [narrator])
    return {
        c.id: c.name.strip() if taken[c.name.strip()] == 1 else f"{c.name.strip()} ({c.id})"
        for c in model.characters
    }


def _pieces(model: StoryModel, paragraph_starts: list[int]) -> list[tuple[int, int, Utterance | None]]:
    """(start, end, utterance or None for narration) covering the text; narration is cut at the starts of
    paragraphs, chapters and author's notes. An utterance inside another one stays part of the outer line."""
    text = model.text
    cuts = sorted(
        set(paragraph_starts)
        | {s.start for s in model.segments if s.kind in ("chapter", "author_note")}
        | {s.end for s in model.segments if s.kind == "author_note"}
    )
    pieces: list[tuple[int, int, Utterance | None]] = []
    cursor = 0

    def narration(until: int) -> None:
        nonlocal cursor
        for cut in cuts[bisect_right(cuts, cursor) : bisect_right(cuts, until - 1)]:
            pieces.append((cursor, cut, None))
            cursor = cut
        if cursor < until:
            pieces.append((cursor, until, None))
            cursor = until

    for utterance in sorted(model.utterances, key=lambda u: (u.start, -u.end)):
        if utterance.start < cursor or utterance.end <= utterance.start:
            continue
        narration(utterance.start)
        pieces.append((utterance.start, utterance.end, utterance))
        cursor = utterance.end
    narration(len(text))
    return pieces


def _utterance_fields(utterance: Utterance, names: dict[str, str]) -> dict:
    return dict(
        kind=utterance.kind,
        speaker=utterance.speaker,
        speaker_name=names.get(utterance.speaker) if utterance.speaker else None,
        addressees=tuple(utterance.addressees),
        addressee_names=tuple(names.get(a, a) for a in utterance.addressees),
        confidence=utterance.confidence,
        utterance=utterance.id,
    )


def _voiced(line: Line, labels: dict[str, str], options: ExportOptions) -> Line | None:
    """The line with its voice, or None when an option skips it."""
    treatment: Treatment = "keep"
    if line.note:
        treatment = options.notes
    elif line.kind in ("thought", "telepathy"):
        treatment = options.thoughts if line.kind == "thought" else options.telepathy
    if treatment == "skip":
        return None
    if line.kind == "narration" or line.speaker is None:
        voice, fallback = options.narrator, line.kind != "narration"
    else:
        voice, fallback = labels.get(line.speaker, options.narrator), False
    if treatment == "mark":
        voice = NOTE_VOICE if line.note else f"{voice} ({line.kind})"
    return replace(line, voice=voice, fallback=fallback, marked=treatment == "mark")


def _renumber(line: Line, index: int) -> Line:
    return line if line.index == index else replace(line, index=index)


class Chapters:
    """Chapter number and title at an offset, by bisection over the chapter segments."""

    def __init__(self, model: StoryModel) -> None:
        chapters = sorted((s for s in model.segments if s.kind == "chapter"), key=lambda s: s.start)
        self.starts = [s.start for s in chapters]
        self.titles = [s.title for s in chapters]
        self.none = not chapters

    def at(self, offset: int) -> tuple[int, str | None]:
        if self.none:
            return 1, None
        number = bisect_right(self.starts, offset)
        return number, self.titles[number - 1] if number else None


class _Notes:
    """Whether an offset lies inside an author's note."""

    def __init__(self, model: StoryModel) -> None:
        spans = sorted((s.start, s.end) for s in model.segments if s.kind == "author_note")
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def covers(self, offset: int) -> bool:
        """Notes never nest, so only the last note starting at or before the offset can hold it."""
        number = bisect_right(self.starts, offset)
        return bool(number) and offset < self.ends[number - 1]
