"""Chapters, scenes, flashbacks, POV markers and author's notes, found from the text's own lines.

Rules (each tested in tests/test_structure.py):
- paragraphs are separated by blank lines; a text with almost no blank lines has one paragraph per line;
- a scene break is a line of decoration only (`***`, `* * *`, `~~~`, `xXx`, `oOo`, `-Line Break-`, ...);
- `Flashback` / `-Flashback-` / `xx Flashback Start xx` opens a flashback and `End Flashback` closes it; an end
  marker without a start marker closes a flashback that began after the last sentence that leads into a memory
  ("... remembered what he had heard ...") or, failing that, at the scene's start;
- a time-shift heading (`Four years ago`, `~ Eight years earlier ~`) opens a flashback too; it ends at a
  `~ Now ~` / `Present day` line, at the end of its italics when the flashback is set in italics, or at the next
  scene break or chapter;
- `Sasuke's POV`, `POV: Sasuke`, `Normal POV` lines start a POV segment, and so do name-only headings
  (`~Sakura~`, `(Diluc)`, a bare `Darius` opening a chapter or scene: see `pov.py`);
- `A/N`, `Author's Note`, `Disclaimer` paragraphs, and review requests near a chapter's edges, are author's
  notes, kept out of the story analysis;
- `Chapter 3`, `CHAPTER III. Title`, `Prologue`, `Epilogue` lines start chapters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.analysis import Analysis, Paragraph
from ficlens.model import Segment
from ficlens.structure.flashbacks import flashback_start
from ficlens.structure.pov import name_heading
from ficlens.textlayout import (
    CHAPTER,
    FLASHBACK_END,
    FLASHBACK_START,
    NOTE,
    POV,
    PRESENT_RETURN,
    REVIEW_REQUEST,
    SCENE_BREAK,
    TIME_SHIFT,
    lines_are_paragraphs,
    split_paragraphs,
)

MARKER_LINE = 100
"""A marker (scene break, chapter heading, POV, flashback) is one short line: longer lines are prose."""
REVIEW_NOTE = 400
"""A review request longer than this is story text that happens to ask for something."""
MAX_POV_WORDS = 6
"""A POV line names a character in a few words ("Sasuke's POV"); longer lines are prose."""
ITALIC_PARAGRAPH = 0.8
"""A paragraph this much in italics belongs to an italic flashback (a few roman words may interrupt it)."""


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
    time_shift: bool = False
    """The open flashback began at a time-shift heading: it closes at the present, its italics' end or a break."""
    italic_end: int | None = None
    """Where the open time-shift flashback's italic paragraphs end so far (None: it is not in italics)."""
    boundary: int = -1
    head: int = 0
    """Paragraphs since the chapter or scene that starts at `boundary` began."""


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
            _enter(walk, paragraph)
            _classify(walk, index, paragraph)
            _follow_time_shift(walk, paragraph)
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
        walk.time_shift = False
    elif short and TIME_SHIFT.match(line):
        paragraph.marker = True
        walk.flash_open, walk.time_shift, walk.italic_end = paragraph.start, True, None
        walk.scene += 1
    elif short and walk.flash_open is not None and walk.time_shift and PRESENT_RETURN.match(line):
        paragraph.marker = True
        _close_time_shift(walk, paragraph.end)
    elif short and SCENE_BREAK.match(line):
        paragraph.marker = True
        walk.breaks.append(paragraph.start)
        walk.segments.append(Segment(kind="scene_break", start=paragraph.start, end=paragraph.end))
        walk.scene += 1
    elif short and (match := POV.match(line)) and len(line.split()) <= MAX_POV_WORDS:
        paragraph.marker = True
        _open_pov(walk, paragraph, (match.group("a") or match.group("b") or "").strip())
    elif short and (name := _name_heading(walk, index, line)):
        paragraph.marker = True
        _open_pov(walk, paragraph, name)
    elif NOTE.match(line):
        paragraph.note = True


def _open_pov(walk: _Walk, paragraph: Paragraph, name: str) -> None:
    if walk.pov:
        walk.segments.append(Segment(kind="pov", start=walk.pov[0], end=paragraph.start, title=walk.pov[1]))
    walk.pov = (paragraph.start, name)
    walk.scene += 1


def _name_heading(walk: _Walk, index: int, line: str) -> str | None:
    paragraphs, text = walk.analysis.paragraphs, walk.analysis.text
    previous = text[paragraphs[index - 1].start : paragraphs[index - 1].end] if index else ""
    return name_heading(text, line, walk.head, previous)


def _enter(walk: _Walk, paragraph: Paragraph) -> None:
    """Count paragraphs from the last chapter start or scene break; a time-shift flashback ends at either, a POV
    section at a chapter's start."""
    boundary = max([c for c, _ in walk.chapter_starts if c <= paragraph.start] + walk.breaks + [-1])
    if boundary != walk.boundary:
        if walk.flash_open is not None and walk.time_shift and boundary > walk.flash_open:
            _close_time_shift(walk, walk.italic_end or boundary)
        if walk.pov and any(c == boundary for c, _ in walk.chapter_starts):
            walk.segments.append(Segment(kind="pov", start=walk.pov[0], end=boundary, title=walk.pov[1]))
            walk.pov = None
        walk.boundary, walk.head = boundary, 0
    walk.head += 1


def _follow_time_shift(walk: _Walk, paragraph: Paragraph) -> None:
    """A time-shift flashback set in italics ends with its last italic paragraph."""
    if walk.flash_open is None or not walk.time_shift or not paragraph.story:
        return
    if _italic_share(walk.analysis, paragraph) >= ITALIC_PARAGRAPH:
        walk.italic_end = paragraph.end
    elif walk.italic_end is not None:
        _close_time_shift(walk, walk.italic_end)


def _close_time_shift(walk: _Walk, end: int) -> None:
    """The story returns to its present: a conversation of the past does not run on into it."""
    walk.scene += 1
    walk.segments.append(Segment(kind="flashback", start=walk.flash_open or 0, end=end))
    walk.flash_open, walk.time_shift, walk.italic_end = None, False, None


def _italic_share(analysis: Analysis, paragraph: Paragraph) -> float:
    covered = sum(
        max(0, min(e.end, paragraph.end) - max(e.start, paragraph.start))
        for e in analysis.document.emphasis
        if e.style == "italic"
    )
    return covered / max(1, paragraph.end - paragraph.start)


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
