"""Voices marked by brackets or colons instead of quote marks: `[Misty, is he a bad guy?]`, `:Chosen, come.:`.

Rules:
- Brackets make utterances only when the work's legend names them (`[Pokémon speech, translated]`): brackets
  are far more often asides, stage directions or translator's notes. Their kind is the legend's.
- Colons around a sentence (`:Chosen, come.:`, the opening colon at the start of a paragraph or after a space,
  the closing one right after the sentence's last mark) are a voice in someone's head: telepathy, or the kind
  the legend gives them.
- Never inside a quotation, a chat line or an author's note.
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis, Quote

_BRACKETS = re.compile(r"\[(?P<inner>[^\[\]\n]*\w[^\[\]\n]*)\]")
_COLONS = re.compile(r"(?:^|(?<=\s)):(?P<inner>[A-Z\"'‘“][^:\n]*?[.!?…,\-—])\s*:(?=\s|$|[\"'”’)])", re.M)


def marked_utterances(analysis: Analysis) -> None:
    """Add the bracketed and colon-delimited utterances; keep `analysis.quotes` sorted by start."""
    legend: dict = getattr(analysis.document, "legend", None) or {}
    patterns = []
    brackets = legend.get("brackets")
    if brackets and brackets.get("kind"):
        patterns.append((_BRACKETS, brackets))
    colons = legend.get("colons", {"kind": "telepathy", "speaker": None})
    if colons.get("kind"):
        patterns.append((_COLONS, colons))
    if not patterns:
        return
    text = analysis.text
    added: list[Quote] = []
    for index, paragraph in enumerate(analysis.paragraphs):
        if not paragraph.story:
            continue
        for pattern, entry in patterns:
            for match in pattern.finditer(text, paragraph.start, paragraph.end):
                start, end = match.start(), match.end()
                if any(q.start < end and start < q.end for q in analysis.quotes):
                    continue
                quote = Quote(start, end, match.start("inner"), match.end("inner"), index, index, kind=entry["kind"])
                quote.legend_speaker = entry.get("speaker")
                added.append(quote)
    if added:
        analysis.quotes = sorted(analysis.quotes + added, key=lambda q: q.start)
