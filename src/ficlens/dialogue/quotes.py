"""Find quotations: speech in double quotes, thoughts in single quotes, quotations over several paragraphs.

Rules:
- A straight `"` opens when it follows the start, a space or an opening bracket and precedes a non-space;
  it closes when it follows a non-space; with spaces on both sides (`" Hello , "`) it closes an open
  quotation, else opens one. Curly quotes say which they are.
- A paragraph that leaves a quotation open and is followed by a paragraph opening with a quote mark continues
  the quotation (the novel convention of no closing mark at a paragraph break): one utterance spans both.
- A paragraph whose open quotation ends on a dash or an ellipsis was interrupted: the next one is another
  utterance, not a continuation.
- An opening mark never closed in its paragraph, with no continuation, runs to the paragraph's end when it
  holds at least two words; a closing mark without an opening one is ignored: no phantom utterance.
- Single quotes: an apostrophe inside a word (don't, Naruto's) or an elision ('em, 'cause) never opens or
  closes. When the text uses single quotes for speech (British style: far more single-quoted spans than
  double-quoted ones) they are speech; otherwise they are thoughts, except inside a double-quoted span
  (a quotation within a quotation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ficlens.analysis import Analysis, Quote
from ficlens.dialogue.interrupted import is_cut_off
from ficlens.dialogue.scare import is_scare_quote

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‹"
_SINGLE_MARK = re.compile("['" + OPEN_SINGLE + "]")
_OPENER_CONTEXT = " \t\n\r([{—–-:;\u00a0\ufeff*_~"
ELISIONS = re.compile(
    r"(?:em|cause|cos|coz|til|till|tis|twas|twere|bout|round|ere|n|nuff|fraid|kay|scuse|member|sides)\b", re.I
)
_WORD = re.compile(r"\w")


@dataclass
class _Mark:
    pos: int
    opens: bool
    closes: bool


def _double_marks(text: str, start: int, end: int) -> list[_Mark]:
    marks = []
    for pos in range(start, end):
        char = text[pos]
        if char in OPEN_DOUBLE:
            marks.append(_Mark(pos, True, False))
        elif char in CLOSE_DOUBLE:
            marks.append(_Mark(pos, False, True))
        elif char == '"':
            before = text[pos - 1] if pos > start else " "
            after = text[pos + 1] if pos + 1 < end else " "
            opens = (before in _OPENER_CONTEXT or before in "\"'‘“") and not after.isspace()
            closes = not before.isspace() and pos > start
            if opens and closes:  # squeezed between two non-spaces, e.g. said,"Hello": decide by what follows
                opens = _WORD.match(after) is not None and not _WORD.match(before)
                closes = not opens
            elif not opens and not closes:  # spaces on both sides (" Hello , " in sloppy or tokenised text)
                opens = closes = True
            marks.append(_Mark(pos, opens, closes))
    return marks


def _pair(marks: list[_Mark]) -> tuple[list[tuple[int, int]], int | None]:
    """Pair opening and closing marks in order; return the pairs and a trailing unclosed opening mark."""
    pairs, open_at = [], None
    for mark in marks:
        if open_at is None:
            if mark.opens:
                open_at = mark.pos
        elif mark.closes:  # a mark that could do either closes an open quotation
            pairs.append((open_at, mark.pos))
            open_at = None
        elif mark.opens:  # an opening mark inside an open quotation: the earlier one was stray
            open_at = mark.pos
    return pairs, open_at


def _single_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single-quoted spans in text[start:end], skipping apostrophes."""
    spans = []
    pos = start
    while pos < end:
        mark = _SINGLE_MARK.search(text, pos, end)  # the next mark at once, not a Python step per character
        if mark is None:
            break
        pos = mark.start()
        char = text[pos]
        before = text[pos - 1] if pos > start else " "
        after = text[pos + 1] if pos + 1 < end else " "
        is_open = (char in OPEN_SINGLE or before in _OPENER_CONTEXT or before in '"“') and not after.isspace()
        if is_open and not ELISIONS.match(text, pos + 1, end):
            close = _single_close(text, pos + 1, end)
            if close is not None:
                spans.append((pos, close))
                pos = close + 1
                continue
        pos += 1
    return spans


def _single_close(text: str, start: int, end: int) -> int | None:
    for pos in range(start, end):
        char = text[pos]
        if char not in "'’›":
            continue
        before = text[pos - 1]
        after = text[pos + 1] if pos + 1 < end else " "
        if before.isspace() or pos == start:
            continue
        if _WORD.match(after):  # don't, Naruto's
            continue
        if before in "sS" and after == " " and re.match(r" [a-z]+", text[pos + 1 : pos + 12]):
            nxt = text[pos + 2 : pos + 12].split(" ")[0]
            if nxt not in _TAG_WORDS:  # the villagers' houses: a plural possessive, not a close
                continue
        return pos
    return None


_TAG_WORDS = {"he", "she", "i", "they", "thought", "said", "asked", "wondered", "mused", "the", "a", "was"}


MAX_LINES = 12


def _across_lines(analysis: Analysis, story: list[int]) -> list[Quote]:
    """Double quotes paired over consecutive lines, for texts with a line per sentence (tokenised corpora)
    or per paragraph without blank lines: a quotation may run over several lines, never over more than
    MAX_LINES, and an opening mark still unclosed then is dropped (no phantom utterance)."""
    text = analysis.text
    quotes: list[Quote] = []
    open_at: tuple[int, int] | None = None  # (offset, position in `story`)
    for position, index in enumerate(story):
        paragraph = analysis.paragraphs[index]
        if open_at is not None and position - open_at[1] >= MAX_LINES:
            open_at = None
        for mark in _double_marks(text, paragraph.start, paragraph.end):
            if open_at is None:
                if mark.opens:
                    open_at = (mark.pos, position)
            elif mark.closes:
                first = story[open_at[1]]
                quotes.append(Quote(open_at[0], mark.pos + 1, open_at[0] + 1, mark.pos, first, index))
                open_at = None
            elif mark.opens:
                open_at = (mark.pos, position)
    return quotes


Marks = tuple[list[tuple[int, int]], int | None]
"""A paragraph's quotations: (opening, closing) mark offsets, and an opening mark left unclosed."""


def find_quotes(analysis: Analysis) -> None:
    text = analysis.text
    story = [i for i, p in enumerate(analysis.paragraphs) if p.story]
    doubles: dict[int, Marks] = {}
    for index in story:
        paragraph = analysis.paragraphs[index]
        doubles[index] = _pair(_double_marks(text, paragraph.start, paragraph.end))
    singles = _single_quotes(analysis, story, doubles)
    # British style: single quotes far outnumber double ones, so they mark speech, not thoughts
    single_is_speech = sum(len(s) for s in singles.values()) > 2 * sum(len(p) for p, _ in doubles.values()) + 5
    quotes = _paragraph_quotes(analysis, story, doubles, singles, single_is_speech)
    if analysis.lines_are_paragraphs and not single_is_speech:
        quotes = [q for q in quotes if q.kind != "speech"] + _across_lines(analysis, story)
    quotes.sort(key=lambda q: q.start)
    analysis.quotes = [q for q in quotes if text[q.inner_start : q.inner_end].strip()]


def _single_quotes(analysis: Analysis, story: list[int], doubles: dict[int, Marks]) -> dict[int, list[tuple[int, int]]]:
    """Single-quoted spans of each paragraph outside its double-quoted ones."""
    text = analysis.text
    singles: dict[int, list[tuple[int, int]]] = {}
    for index in story:
        paragraph = analysis.paragraphs[index]
        pairs, dangling = doubles[index]
        inside = [(a, b) for a, b in pairs] + ([(dangling, paragraph.end)] if dangling is not None else [])
        singles[index] = [
            s
            for s in _single_spans(text, paragraph.start, paragraph.end)
            if not any(a <= s[0] <= b for a, b in inside) and len(text[s[0] : s[1]].split()) >= 1
        ]
    return singles


def _paragraph_quotes(
    analysis: Analysis,
    story: list[int],
    doubles: dict[int, Marks],
    singles: dict[int, list[tuple[int, int]]],
    single_is_speech: bool,
) -> list[Quote]:
    """Quotations paragraph by paragraph; one left open goes on into the next paragraph when that one opens
    with a quote mark (the convention for a speech over several paragraphs)."""
    text, paragraphs = analysis.text, analysis.paragraphs
    quotes: list[Quote] = []
    continuing: Quote | None = None
    for position, index in enumerate(story):
        paragraph = paragraphs[index]
        pairs, dangling = (singles[index], None) if single_is_speech else doubles[index]
        if continuing is not None:
            continuing, swallowed = _continue(continuing, pairs, dangling, paragraph.start, paragraph.end, index)
            if swallowed:
                continue
        for open_at, close in pairs:
            quotes.append(Quote(open_at, close + 1, open_at + 1, close, index, index))
        if dangling is not None:
            nxt = story[position + 1] if position + 1 < len(story) else None
            next_opens = nxt is not None and text[paragraphs[nxt].start] in '"“«' + ("'‘" if single_is_speech else "")
            next_opens = next_opens and not is_cut_off(text, dangling + 1, paragraph.end)
            if next_opens or len(text[dangling + 1 : paragraph.end].split()) >= 2:
                quote = Quote(dangling, paragraph.end, dangling + 1, paragraph.end, index, index)
                quotes.append(quote)
                continuing = quote if next_opens else None
        if not single_is_speech:
            for open_at, close in singles[index]:
                if is_scare_quote(text, open_at, close):
                    continue
                quotes.append(Quote(open_at, close + 1, open_at + 1, close, index, index, kind="thought"))
    return quotes


def _continue(
    continuing: Quote, pairs: list[tuple[int, int]], dangling: int | None, start: int, end: int, index: int
) -> tuple[Quote | None, bool]:
    """A quotation open from the paragraph before goes on when this paragraph (`start`-`end`) opens with a quote
    mark: it closes at the first closing mark (whose pair is taken from `pairs`), or, with none, runs through
    the whole paragraph and stays open (True: nothing else is in the paragraph)."""
    first_mark = pairs[0][0] if pairs else dangling
    if first_mark is None or first_mark != start:
        return None, False
    if pairs and pairs[0][0] == start:
        _, close = pairs.pop(0)
        continuing.end, continuing.inner_end, continuing.last_para = close + 1, close, index
        return None, False
    continuing.end = continuing.inner_end = end
    continuing.last_para = index
    return continuing, True
