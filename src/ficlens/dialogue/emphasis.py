"""Utterances written as emphasis (italic thoughts, a bold voice in someone's head), after `find_quotes`.

Rules:
- Only documents read from markup (EPUB, HTML) carry emphasis; plain text carries it only where its legend
  spells a style with markers (`**bold** = Kurama speaking`).
- An emphasised run inside a quotation, in an author's note or on a marker line never makes an utterance.
- The work's legend decides first: a style it names as speech, thought or telepathy makes an utterance of that
  kind from every run of the style that is a sentence (two words or more, or one word ending in !?.),
  and its speaker is kept
  in `Quote.legend_speaker`. A style the legend names as something else (a jutsu, a flashback) makes nothing.
- A run that covers a whole quotation ("<b>"Kit,"</b>" with bold = Kurama speaking) gives that quotation the
  legend's kind and speaker instead of making a new one. The legend's meaning of double and single quotes
  is applied to the quotations found with those marks.
- Without a legend, an italic run is a thought when it is a sentence (or more) of at least three words: it
  starts a sentence (paragraph start, after . ! ? or a dash/colon) with a capital letter, and ends one (with
  . ! ? … or at the end of the sentence around it). Book titles (every word capitalised, no end mark) and
  emphasised words inside a sentence are not thoughts.
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis, Quote
from ficlens.dialogue.lexicon import TELEPATHY
from ficlens.dialogue.stated_legend import kind_of_run, merged_legend

_END = re.compile(r"[.!?…]+[\"'”’)]*$")
_AFTER_END = re.compile(r"^[\s\"'”’)]*(?:[.!?…]|$)")
_BEFORE_START = re.compile(r"(?:^|[.!?…][\"'”’)]*\s+|[—–:]\s*|-{2}\s*|\n)$")
_WORD = re.compile(r"[\w’']+")
_THOUGHT_TAG = re.compile(
    r"[,.!?]?\s*(?:(?:he|she|i|they|we|you|[A-Z][\w’'-]+)\s+(?:thinks|thought|wonders|wondered)"
    r"|(?:thinks|thought|wonders|wondered)\s+(?:he|she|i|they|[A-Z][\w’'-]+))\b"
)
_DOUBLE = "\"“„«"
_SINGLE = "'‘‹"


def _only_quotes(text: str, start: int, end: int, covered: list[Quote]) -> bool:
    """Whether a run holds nothing but its quotations (a styled voice), not narration around them (a
    flashback in italics whose speech keeps its own kind)."""
    rest = text[start:end]
    for quote in sorted(covered, key=lambda q: q.start, reverse=True):
        rest = rest[: quote.start - start] + rest[quote.end - start :]
    return len(_WORD.findall(rest)) <= 1


def _is_sentence(text: str, paragraph: str, start: int, end: int, min_words: int = 3, tagged: bool = False) -> bool:
    """Whether paragraph[start:end] (the run) is a whole sentence or more."""
    words = _WORD.findall(text)
    if len(words) < min_words:
        return False
    first = text.lstrip("\"'“‘(*_ ")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if not _BEFORE_START.search(paragraph[:start]):
        return False
    core = text.strip("*_ \t\n")
    ends = tagged or bool(_END.search(core)) or bool(_AFTER_END.match(paragraph[end:]))
    if not ends:
        return False
    long_words = [w for w in words if len(w) > 3]
    if not _END.search(core) and len(long_words) >= 2 and all(w[:1].isupper() for w in long_words):
        return False  # a title: The Tale of the Gutsy Ninja
    return True


def _emphasis(analysis: Analysis) -> list[tuple[int, int, str]]:
    runs = sorted((e.start, e.end, e.style) for e in getattr(analysis.document, "emphasis", []) or [])
    merged: list[tuple[int, int, str]] = []
    text = analysis.text
    for start, end, style in runs:
        if merged and merged[-1][2] == style and not text[merged[-1][1] : start].strip():
            if "\n\n" not in text[merged[-1][1] : start]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]), style)
                continue
        merged.append((start, end, style))
    return merged


def emphasis_utterances(analysis: Analysis) -> None:
    """Add thought/telepathy/speech `Quote`s written as emphasis; keep `analysis.quotes` sorted by start."""
    text = analysis.text
    legend = merged_legend(analysis)
    quotes = analysis.quotes
    _apply_quote_legend(analysis, legend)
    runs = _emphasis(analysis)
    if not runs or not analysis.paragraphs:
        return
    added: list[Quote] = []
    for start, end, style in runs:
        entry = legend.get(style)
        if entry is not None and entry.get("kind") is None:
            continue  # the legend says this style is not an utterance
        if entry is None and style not in ("italic", "bold"):
            continue
        index = analysis.paragraph_at(start)
        paragraph = analysis.paragraphs[index]
        if not paragraph.story or not (paragraph.start <= start and end <= paragraph.end):
            continue
        covered = [q for q in quotes if start <= q.inner_start and q.inner_end <= end]
        if covered:
            if entry is not None and _only_quotes(text, start, end, covered):
                for quote in covered:
                    quote.kind = entry["kind"]
                    quote.legend_speaker = entry.get("speaker")
            continue
        if any(q.start < end and start < q.end for q in quotes):
            continue  # inside (or across) a quotation: emphasis within speech
        run = text[start:end]
        inner_start = start + len(run) - len(run.lstrip("*_ "))
        inner_end = end - (len(run) - len(run.rstrip("*_ ")))
        local = text[paragraph.start : paragraph.end]
        tagged = _THOUGHT_TAG.match(text, end, paragraph.end) is not None
        if entry is not None:
            min_words = 1 if tagged or re.search(r"[!?.]$", text[inner_start:inner_end]) else 2
            if not _is_sentence(run, local, start - paragraph.start, end - paragraph.start, min_words, tagged):
                continue
            kind, speaker = kind_of_run(entry, text, start, end), entry.get("speaker")
        elif style == "bold":  # no legend: bold is a voice only when the text says it speaks in a head
            words = text[inner_start:inner_end].split()
            if not TELEPATHY.search(local) or len(words) < 2 or not words[0][:1].isupper():
                continue
            kind, speaker = "telepathy", None
        else:
            min_words = 1 if tagged else 3
            if not _is_sentence(run, local, start - paragraph.start, end - paragraph.start, min_words, tagged):
                continue
            kind, speaker = kind_of_run({"kind": "thought"}, text, start, end), None
        if inner_start >= inner_end:
            continue
        quote = Quote(start, end, inner_start, inner_end, index, index, kind=kind)
        quote.legend_speaker = speaker
        added.append(quote)
    if added:
        analysis.quotes = sorted(quotes + added, key=lambda q: q.start)


def _apply_quote_legend(analysis: Analysis, legend: dict) -> None:
    """The legend's meaning of "double" and 'single' quotes, applied to the quotations found with them."""
    text = analysis.text
    for quote in analysis.quotes:
        mark = text[quote.start] if quote.start < len(text) else ""
        style = "double_quote" if mark in _DOUBLE else "single_quote" if mark in _SINGLE else None
        entry = legend.get(style) if style else None
        if entry and entry.get("kind"):
            quote.kind = entry["kind"]
            if entry.get("speaker"):
                quote.legend_speaker = entry["speaker"]
