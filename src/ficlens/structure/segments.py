"""Chapters, scenes, flashbacks, POV markers and author's notes, found from the text's own lines.

Rules (each tested in tests/test_structure.py):
- paragraphs are separated by blank lines; a text with almost no blank lines has one paragraph per line;
- a scene break is a line of decoration only (`***`, `* * *`, `~~~`, `xXx`, `oOo`, `-Line Break-`, ...);
- `Flashback` / `-Flashback-` / `xx Flashback Start xx` opens a flashback and `End Flashback` closes it; an end
  marker without a start marker closes a flashback that began after the last sentence that leads into a memory
  ("... remembered what he had heard ...") or, failing that, at the scene's start;
- `Sasuke's POV`, `POV: Sasuke`, `Normal POV` lines start a POV segment;
- `A/N`, `Author's Note`, `Disclaimer` paragraphs, and review requests near a chapter's edges, are author's
  notes, kept out of the story analysis;
- `Chapter 3`, `CHAPTER III. Title`, `Prologue`, `Epilogue` lines start chapters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.analysis import Analysis, Paragraph
from ficlens.model import Segment
from ficlens.structure.flashbacks import flashback_start
from ficlens.textlayout import (
    CHAPTER,
    FLASHBACK_END,
    FLASHBACK_START,
    NOTE,
    POV,
    REVIEW_REQUEST,
    SCENE_BREAK,
    lines_are_paragraphs,
    split_paragraphs,
)

MARKER_LINE = 100
"""A marker (scene break, chapter heading, POV, flashback) is one short line: longer lines are prose."""
REVIEW_NOTE = 400
"""A review request longer than this is story text that happens to ask for something."""
MAX_POV_WORDS = 6
"""A POV line names a character in a few words ("Sasuke's POV"); longer lines are prose."""


@dataclass
class _Walk:
    """What reading the paragraphs in order has found so far."""

    analysis: Analysis
    segments: list[Segment]
    chapter_starts: list[tuple[int, str]]
    breaks: list[int] = field(default_factory=list)
    flash_open: int | None = None
    pov: tuple[int, str] | None = None
    scene: int = 0


def find_structure(analysis: Analysis) -> None:
    text = analysis.text
    analysis.paragraphs = [Paragraph(start, end) for start, end in split_paragraphs(text)]
    analysis.lines_are_paragraphs = lines_are_paragraphs(text)
    analysis.word_count = len(text.split())
    segments = list(analysis.document.segments)
    walk = _Walk(analysis, segments, [(s.start, s.title or "") for s in segments if s.kind == "chapter"])
    note_spans = [(s.start, s.end) for s in segments if s.kind == "author_note"]
    for index, paragraph in enumerate(analysis.paragraphs):
        if any(start <= paragraph.start < end for start, end in note_spans):
            paragraph.note = True
        else:
            _classify(walk, index, paragraph)
        paragraph.scene = walk.scene
    _mark_review_requests(analysis, walk.chapter_starts)
    _close(walk)
    analysis.segments = segments


def _classify(walk: _Walk, index: int, paragraph: Paragraph) -> None:
    """Mark one paragraph as a structural line (or a note) and record the segment it opens or closes."""
    line = walk.analysis.text[paragraph.start : paragraph.end]
    short = len(line) <= MARKER_LINE and "\n" not in line
    if short and CHAPTER.match(line) and not chapter_starts_known(walk.segments):
        paragraph.marker = True
        walk.chapter_starts.append((paragraph.start, line.strip()))
        walk.scene += 1
    elif short and FLASHBACK_END.match(line):
        paragraph.marker = True
        start = walk.flash_open
        if start is None:
            start = flashback_start(walk.analysis, index, walk.breaks, walk.chapter_starts)
        walk.segments.append(Segment(kind="flashback", start=start, end=paragraph.end))
        walk.flash_open = None
    elif short and FLASHBACK_START.match(line):
        paragraph.marker = True
        walk.flash_open = paragraph.start
    elif short and SCENE_BREAK.match(line):
        paragraph.marker = True
        walk.breaks.append(paragraph.start)
        walk.segments.append(Segment(kind="scene_break", start=paragraph.start, end=paragraph.end))
        walk.scene += 1
    elif short and (match := POV.match(line)) and len(line.split()) <= MAX_POV_WORDS:
        paragraph.marker = True
        if walk.pov:
            walk.segments.append(Segment(kind="pov", start=walk.pov[0], end=paragraph.start, title=walk.pov[1]))
        walk.pov = (paragraph.start, (match.group("a") or match.group("b") or "").strip())
        walk.scene += 1
    elif NOTE.match(line):
        paragraph.note = True


def _close(walk: _Walk) -> None:
    """The segments the walk leaves open at the end: notes, a flashback or POV section, chapters, scenes."""
    analysis, segments = walk.analysis, walk.segments
    text = analysis.text
    for paragraph in analysis.paragraphs:
        if paragraph.note and not any(s.start <= paragraph.start < s.end for s in segments if s.kind == "author_note"):
            segments.append(Segment(kind="author_note", start=paragraph.start, end=paragraph.end))
    if walk.flash_open is not None:
        end = next((b for b in walk.breaks if b > walk.flash_open), len(text))
        segments.append(Segment(kind="flashback", start=walk.flash_open, end=end))
    if walk.pov:
        end = next((c for c, _ in sorted(walk.chapter_starts) if c > walk.pov[0]), len(text))
        segments.append(Segment(kind="pov", start=walk.pov[0], end=end, title=walk.pov[1]))
    if not chapter_starts_known(segments):
        bounds = sorted(walk.chapter_starts)
        for number, (start, title) in enumerate(bounds):
            end = bounds[number + 1][0] if number + 1 < len(bounds) else len(text)
            segments.append(Segment(kind="chapter", start=start, end=end, title=title or None))
    segments.extend(_scenes(analysis, walk.breaks, [c for c, _ in walk.chapter_starts]))


def chapter_starts_known(segments: list[Segment]) -> bool:
    """Chapters came with the document (EPUB, AO3 HTML): headings in the text are not re-read."""
    return any(s.kind == "chapter" for s in segments)


def _mark_review_requests(analysis: Analysis, chapter_starts: list[tuple[int, str]]) -> None:
    """A review request in the first or last two paragraphs of a chapter (or the text) is an author's note."""
    paragraphs = analysis.paragraphs
    bounds = sorted({0, *(c for c, _ in chapter_starts)})
    edges: set[int] = set()
    for number, start in enumerate(bounds):
        end = bounds[number + 1] if number + 1 < len(bounds) else len(analysis.text) + 1
        inside = [i for i, p in enumerate(paragraphs) if start <= p.start < end and not p.marker]
        edges.update(inside[:2] + inside[-2:])
    for index in edges:
        paragraph = paragraphs[index]
        chunk = analysis.text[paragraph.start : paragraph.end]
        if len(chunk) < REVIEW_NOTE and REVIEW_REQUEST.search(chunk) and '"' not in chunk and "“" not in chunk:
            paragraph.note = True


def _scenes(analysis: Analysis, breaks: list[int], chapters: list[int]) -> list[Segment]:
    if not breaks:
        return []
    text = analysis.text
    cuts = sorted({0, len(text), *chapters, *breaks})
    scenes = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        inside = [p for p in analysis.paragraphs if start <= p.start < end and p.story]
        if inside:
            scenes.append(Segment(kind="scene", start=inside[0].start, end=inside[-1].end))
    return scenes
