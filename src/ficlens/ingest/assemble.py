"""Every reader turns its format into `Parts` (metadata, notes, chapters of paragraphs); `assemble` lays them
out as one text with "\\n\\n" between paragraphs and computes every offset (segments, emphasis) from that text.

Layout: the work's preface notes (summary, notes) come first, then each chapter (its title as a paragraph, its
notes, its text, its end notes), then the afterword notes. With notes="strip" no note is written at all, and
A/N paragraphs and review requests at a chapter's edges are dropped too; with notes="keep" every note is
written and covered by an `author_note` segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ficlens.document import Document, Emphasis
from ficlens.ingest.legend import find_legend
from ficlens.ingest.markup import Para
from ficlens.model import Segment, Work
from ficlens.textlayout import NOTE, REVIEW_REQUEST

ItemKind = Literal["text", "note"]


@dataclass
class Chapter:
    title: str | None
    items: list[tuple[ItemKind, list[Para]]] = field(default_factory=list)
    """In reading order: ('note', paragraphs) for summaries and notes, ('text', paragraphs) for the story."""
    show_title: bool = True

    def add(self, kind: ItemKind, paras: list[Para]) -> None:
        if not paras:
            return
        if kind == "text" and self.items and self.items[-1][0] == "text":
            self.items[-1][1].extend(paras)
        else:
            self.items.append((kind, list(paras)))

    @property
    def has_text(self) -> bool:
        return any(kind == "text" and paras for kind, paras in self.items)


@dataclass
class Parts:
    work: Work
    source_format: str
    encoding: str
    before: list[list[Para]] = field(default_factory=list)
    """Notes before the first chapter (work summary, work notes)."""
    chapters: list[Chapter] = field(default_factory=list)
    after: list[list[Para]] = field(default_factory=list)
    """Notes after the last chapter (work end notes)."""
    warnings: list[str] = field(default_factory=list)
    chapter_segments: bool = True
    """False when chapter boundaries are guesses the structure step should make itself from the text."""


def is_edge_note(para: Para) -> bool:
    """An A/N, disclaimer or review request paragraph (never one that holds dialogue)."""
    text = para.text
    if '"' in text or "“" in text:
        return False
    if NOTE.match(text):
        return True
    return len(text) < 400 and REVIEW_REQUEST.search(text) is not None


def strip_edge_notes(paras: list[Para]) -> list[Para]:
    """Drop A/N paragraphs at the start and end of a chapter's text (at most three each side)."""
    start, end = 0, len(paras)
    while start < min(end, 3) and is_edge_note(paras[start]):
        start += 1
    while end > start and len(paras) - end < 3 and is_edge_note(paras[end - 1]):
        end -= 1
    return paras[start:end]


class _Layout:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.position = 0
        self.emphasis: list[Emphasis] = []
        self.segments: list[Segment] = []

    def write(self, paras: list[Para]) -> tuple[int, int] | None:
        first = None
        last_end = self.position
        for para in paras:
            if not para.text:
                continue
            if self.parts:
                self.parts.append("\n\n")
                self.position += 2
            start = self.position
            self.parts.append(para.text)
            self.position += len(para.text)
            for a, b, style in para.emphasis:
                self.emphasis.append(Emphasis(start + a, start + b, style))  # type: ignore[arg-type]
            first = start if first is None else first
            last_end = self.position
        return (first, last_end) if first is not None else None

    def note(self, paras: list[Para]) -> None:
        span = self.write(paras)
        if span:
            self.segments.append(Segment(kind="author_note", start=span[0], end=span[1]))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def assemble(parts: Parts, notes: str) -> Document:
    builder = _Assembler(keep=notes != "strip")
    builder.notes(parts.before)
    for chapter in (c for c in parts.chapters if c.has_text or c.title):
        builder.chapter(chapter, parts.chapter_segments)
    builder.notes(parts.after)
    layout = builder.layout
    text = layout.text
    warnings = list(parts.warnings)
    if not text.strip():
        from ficlens.ingest.document import InputError

        raise InputError(f"no story text found in this {parts.source_format.replace('_', ' ')} file")
    work = parts.work.model_copy(update={"source_format": parts.source_format})
    return Document(
        text=text,
        encoding=parts.encoding,
        source_format=parts.source_format,
        work=work,
        segments=layout.segments,
        emphasis=layout.emphasis,
        warnings=warnings,
        include_text=True,
        legend=builder.legend,
    )


class _Assembler:
    """Writes notes and chapters into one layout; the first text block may open with a legend (kept as a note)."""

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.layout = _Layout()
        self.legend: dict[str, dict[str, str | None]] = {}
        self.legend_done = False

    def notes(self, notes: list[list[Para]]) -> None:
        if self.keep:
            for note in notes:
                self.layout.note(note)

    def chapter(self, chapter: Chapter, mark: bool) -> None:
        """The chapter's title, notes and text; a chapter segment from its first written offset when `mark`."""
        start = None
        if chapter.title and chapter.show_title:
            span = self.layout.write([Para(chapter.title)])
            start = span[0] if span else None
        for kind, paras in chapter.items:
            first = self._note(paras) if kind == "note" else self._text(paras)
            if start is None:
                start = first
        if start is not None and mark:
            self.layout.segments.append(
                Segment(kind="chapter", start=start, end=self.layout.position, title=chapter.title)
            )

    def _note(self, paras: list[Para]) -> int | None:
        """Where the note starts (None when notes are stripped)."""
        if not self.keep:
            return None
        start = self.layout.position + (2 if self.layout.parts else 0)
        self.layout.note(paras)
        return start

    def _text(self, body: list[Para]) -> int | None:
        start = None
        if not self.legend_done:
            body, start = self._legend(body)
        if not self.keep:
            body = strip_edge_notes(body)
        span = self.layout.write(body)
        return span[0] if start is None and span else start

    def _legend(self, body: list[Para]) -> tuple[list[Para], int | None]:
        """The body without its legend paragraphs, and where the legend note starts."""
        self.legend, legend_paras = find_legend(body)
        self.legend_done = True
        if not legend_paras:
            return body, None
        head = [p for i, p in enumerate(body) if i in legend_paras]
        body = [p for i, p in enumerate(body) if i not in legend_paras]
        return body, self._note(head)
