"""The conversation graph per chapter: lines and words from each speaker to each addressee."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from ficlens.model import Interaction
from ficlens.relations.context import Said


def count_interactions(said: list[Said], chapter_starts: list[int]) -> list[Interaction]:
    """Chapter `n` holds the quotations from the start of the `n`-th chapter segment (0 without chapters)."""
    lines: Counter = Counter()
    words: Counter = Counter()
    for quote in said:
        if quote.speaker is None:
            continue
        chapter = max(bisect_right(chapter_starts, quote.start) - 1, 0)
        for addressee in quote.addressees:
            if addressee != quote.speaker:
                lines[quote.speaker, addressee, chapter] += 1
                words[quote.speaker, addressee, chapter] += quote.words
    return [
        Interaction(speaker=s, addressee=a, chapter=c, lines=n, words=words[s, a, c])
        for (s, a, c), n in sorted(lines.items(), key=lambda kv: (kv[0][2], -kv[1], kv[0][0], kv[0][1]))
    ]
