"""Text patterns and paragraph splitting shared by the readers, the structure step and the report.

Standard library only, and importing nothing of ficlens: readers (which cut notes and chapters before the
analysis), the structure step and the HTML report all see the same paragraphs and the same marker lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    """A paragraph: code-point offsets into the text, trimmed of the blank space around it."""

    start: int
    end: int


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
_SPAN_WORD = r"(?:[0-9]+|a\s+few|several|many|some|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|a\s+hundred)(?:[- ]\w+)?|a|an)"
TIME_SHIFT = re.compile(
    rf"^{_DECORATION}*(?:[\w' ]{{1,30}}[.,:]\s+)?(?:{_SPAN_WORD}\s+(?:years?|months?|weeks?|days?|decades?)\s+"
    rf"(?:ago|earlier|before|previously|prior)|(?:years|months|long\s+ago|once\s+upon\s+a\s+time)(?:\s+earlier)?|"
    rf"(?:the\s+)?(?:day|night|week|month|year|summer|winter|spring|autumn)\s+before)[\s.!,:*~=#_\-–—)\]]*$",
    re.IGNORECASE,
)
"""A heading that moves the story back in time ("Four years ago", "~ Eight years earlier ~", "District 2. Ten
years ago."): it opens a flashback like a `Flashback` line."""
PRESENT_RETURN = re.compile(
    rf"^{_DECORATION}*(?:(?:back\s+(?:to|in)\s+(?:the\s+)?)?(?:now|present(?:\s+(?:day|time))?|the\s+present)"
    rf"|today){_DECORATION}*$",
    re.IGNORECASE,
)
"""The heading that brings a time-shift flashback back to the story's present ("~ Now ~", "Present day")."""
NAME_LINE = re.compile(
    r"^\s*(?P<open>[~*\-–—=(\[<#_+|]*)\s*(?P<name>[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2})\s*"
    r"(?P<close>[~*\-–—=)\]>#_+|]*)\s*$"
)
"""A line that is only a name, bare or between decoration ("Darius", "~Sakura~", "(Diluc)", "-Sasuke-"): a POV
heading when the name is a proper noun of the text (see `structure.pov`)."""
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
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\ufeff]*\n")


def split_paragraphs(text: str) -> list[Span]:
    """Paragraphs by blank lines, or by lines when blank lines are too rare to separate paragraphs.

    Hard-wrapped prose (Project Gutenberg) has a blank line every few lines: those are its paragraphs."""
    separator = re.compile(r"\n") if lines_are_paragraphs(text) else _BLANK_LINE
    return [Span(start, end) for span in _spans(text, separator) for start, end in _cut_long(text, *span)]


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
