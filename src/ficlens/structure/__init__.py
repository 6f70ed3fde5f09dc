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

import re

from ficlens.analysis import Analysis, Paragraph
from ficlens.model import Segment

_DECORATION = r"[\s*~=#+_.•·oOxX0\-–—|/\\<>:^]"
SCENE_BREAK = re.compile(
    rf"^\s*(?:(?:[*~=#+_•·\-–—|/\\<>^]\s*){{3,}}|(?:[xXoO0*~=\-]{{0,6}}\s*)?(?:line|scene|page)\s*break"
    rf"(?:\s*[xXoO0*~=\-]{{0,6}})?|(?:[xX]+[oO]+[xX]+|[oO]+[xX]+[oO]+|[xX]{{3,}}|[oO0]{{3,}})(?:{_DECORATION}*))\s*$",
    re.IGNORECASE,
)
_FLASH = r"flash\s*-?\s*back"
FLASHBACK_END = re.compile(
    rf"^{_DECORATION}*(?:end(?:\s+of)?\s+{_FLASH}|{_FLASH}\s+(?:end|ends|over|ended))(?:\s+(?:no|jutsu))?{_DECORATION}*$",
    re.IGNORECASE,
)
FLASHBACK_START = re.compile(
    rf"^{_DECORATION}*(?:(?:start|begin|beginning)(?:\s+of)?\s+)?{_FLASH}(?:\s+(?:start|starts|begins|no\s+jutsu))?"
    rf"(?:\s*:.{{0,60}})?{_DECORATION}*$",
    re.IGNORECASE,
)
POV = re.compile(
    r"^[\W_]*(?:(?:pov|point of view)\s*[:\-–]\s*(?P<a>[\w' .-]{1,40}?)|(?P<b>[\w' .-]{1,40}?)(?:'s|’s|s')?\s+"
    r"(?:pov|p\.o\.v\.?|point of view))[\W_]*$",
    re.IGNORECASE,
)
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?:[- ]\w+)?"
)
CHAPTER = re.compile(
    rf"^\s*(?:(?:chapter|ch\.|part|book)\s+(?:[0-9]+|[ivxlcdm]+|{_NUMBER_WORD})\b[^\n]{{0,80}}"
    r"|prologue\b[^\n]{0,60}|epilogue\b[^\n]{0,60})\s*$",
    re.IGNORECASE,
)
NOTE = re.compile(
    r"^[\s(\[*_~-]*(?:a/n|an\s*:|author'?s?\s*notes?|authors?\s*notes?|disclaimer|note\s*:|author\s*note)\b",
    re.IGNORECASE,
)
REVIEW_REQUEST = re.compile(
    r"\b(?:please\s+(?:r\s*&\s*r|review|read\s+and\s+review|comment)|r\s*&\s*r|read\s+(?:and|&)\s+review|"
    r"review\s+please|reviews?\s+(?:are|is)\s+(?:love|appreciated|welcome)|leave\s+a\s+(?:review|comment)|"
    r"kudos\s+and\s+comments)\b",
    re.IGNORECASE,
)
MEMORY_LEAD = re.compile(
    r"\b(?:remember(?:ed|s|ing)?|recall(?:ed|s|ing)?|reminisc\w*|memor(?:y|ies)|thought\s+back|flash(?:ed)?\s+back|"
    r"couldn't\s+forget|could\s+not\s+forget|years\s+ago|that\s+day)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\ufeff]*\n")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs by blank lines, or by lines when blank lines are too rare to separate paragraphs.

    Hard-wrapped prose (Project Gutenberg) has a blank line every few lines: those are its paragraphs."""
    separator = re.compile(r"\n") if lines_are_paragraphs(text) else _BLANK_LINE
    return [Paragraph(start, end) for span in _spans(text, separator) for start, end in _cut_long(text, *span)]


MAX_PARAGRAPH = 20_000
"""Longer "paragraphs" (a whole story on one line) are cut after a sentence end, so each parses on its own."""


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_PARAGRAPH:
        window = text[start : start + MAX_PARAGRAPH]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
        cut = start + (cut + 1 if cut > MAX_PARAGRAPH // 2 else MAX_PARAGRAPH)
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def lines_are_paragraphs(text: str) -> bool:
    """Whether blank lines are too rare to separate paragraphs (one paragraph, or one sentence, a line)."""
    blocks = len(_BLANK_LINE.findall(text)) + 1
    lines = sum(1 for line in text.splitlines() if line.strip())
    return lines > 20 and lines > 20 * blocks


def _spans(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for match in separator.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip(" \t\r\n\f\v\ufeff")
        if stripped:
            lead = len(chunk) - len(chunk.lstrip(" \t\r\n\f\v\ufeff"))
            result.append((start + lead, start + lead + len(stripped)))
    return result


def find_structure(analysis: Analysis) -> None:
    text = analysis.text
    paragraphs = split_paragraphs(text)
    analysis.paragraphs = paragraphs
    analysis.extra["lines_are_paragraphs"] = lines_are_paragraphs(text)
    analysis.word_count = len(text.split())
    segments = list(analysis.document.segments)
    note_spans = [(s.start, s.end) for s in segments if s.kind == "author_note"]

    chapter_starts: list[tuple[int, str]] = [(s.start, s.title or "") for s in segments if s.kind == "chapter"]
    breaks: list[int] = []
    flash_open: int | None = None
    pov: tuple[int, str] | None = None
    scene = 0
    for index, paragraph in enumerate(paragraphs):
        line = text[paragraph.start : paragraph.end]
        short = len(line) <= 100 and "\n" not in line
        if any(start <= paragraph.start < end for start, end in note_spans):
            paragraph.note = True
        elif short and CHAPTER.match(line) and not chapter_starts_known(segments):
            paragraph.marker = True
            chapter_starts.append((paragraph.start, line.strip()))
            scene += 1
        elif short and FLASHBACK_END.match(line):
            paragraph.marker = True
            start = flash_open if flash_open is not None else _flashback_start(analysis, index, breaks, chapter_starts)
            segments.append(Segment(kind="flashback", start=start, end=paragraph.end))
            flash_open = None
        elif short and FLASHBACK_START.match(line):
            paragraph.marker = True
            flash_open = paragraph.start
        elif short and SCENE_BREAK.match(line):
            paragraph.marker = True
            breaks.append(paragraph.start)
            segments.append(Segment(kind="scene_break", start=paragraph.start, end=paragraph.end))
            scene += 1
        elif short and (match := POV.match(line)) and len(line.split()) <= 6:
            paragraph.marker = True
            if pov:
                segments.append(Segment(kind="pov", start=pov[0], end=paragraph.start, title=pov[1]))
            pov = (paragraph.start, (match.group("a") or match.group("b") or "").strip())
            scene += 1
        elif NOTE.match(line):
            paragraph.note = True
        paragraph.scene = scene

    _mark_review_requests(analysis, chapter_starts)
    for paragraph in paragraphs:
        if paragraph.note and not any(s.start <= paragraph.start < s.end for s in segments if s.kind == "author_note"):
            segments.append(Segment(kind="author_note", start=paragraph.start, end=paragraph.end))
    if flash_open is not None:
        end = next((b for b in breaks if b > flash_open), len(text))
        segments.append(Segment(kind="flashback", start=flash_open, end=end))
    if pov:
        end = next((c for c, _ in sorted(chapter_starts) if c > pov[0]), len(text))
        segments.append(Segment(kind="pov", start=pov[0], end=end, title=pov[1]))
    if not chapter_starts_known(segments):
        bounds = sorted(chapter_starts)
        for number, (start, title) in enumerate(bounds):
            end = bounds[number + 1][0] if number + 1 < len(bounds) else len(text)
            segments.append(Segment(kind="chapter", start=start, end=end, title=title or None))
    segments.extend(_scenes(analysis, breaks, [c for c, _ in chapter_starts]))
    analysis.segments = segments


def chapter_starts_known(segments: list[Segment]) -> bool:
    """Chapters came with the document (EPUB, AO3 HTML): headings in the text are not re-read."""
    return any(s.kind == "chapter" for s in segments)


def _flashback_start(analysis: Analysis, end_index: int, breaks: list[int], chapters: list[tuple[int, str]]) -> int:
    """Where a flashback closed by an end marker alone began: after the sentence that leads into the memory."""
    text = analysis.text
    floor = max([b for b in breaks] + [c for c, _ in chapters] + [0])
    for index in range(end_index - 1, -1, -1):
        paragraph = analysis.paragraphs[index]
        if paragraph.start < floor:
            break
        if not paragraph.story:
            continue
        chunk = text[paragraph.start : paragraph.end]
        if '"' in chunk[:2] or "“" in chunk[:2]:
            continue
        leads = list(MEMORY_LEAD.finditer(chunk))
        if not leads:
            continue
        sentence_end = _SENTENCE_END.search(chunk, leads[-1].end())
        cut = paragraph.start + (sentence_end.end() if sentence_end else len(chunk))
        following = text[cut : analysis.paragraphs[end_index].start]
        return cut + (len(following) - len(following.lstrip()))
    first = next((p for p in analysis.paragraphs if p.start >= floor and p.story), None)
    return first.start if first else floor


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
        if len(chunk) < 400 and REVIEW_REQUEST.search(chunk) and '"' not in chunk and "“" not in chunk:
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
