"""Mentions of given forms (a pack's or the work's tags' seeds, a roster's names) where the parse found no name."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficlens.analysis import Analysis
    from ficlens.cast.cast import Cast


def add_form_mentions(analysis: Analysis, cast: Cast, exact: dict[str, int], folded: dict[str, int]) -> None:
    """Whole-word occurrences in the story paragraphs of each form -> member: `exact` forms as written,
    `folded` ones (lower-cased keys) in any case; never inside or across a name already found."""
    text = analysis.text
    taken = sorted(span for member in cast.members for span in member.mentions)
    starts = [start for start, _ in taken]
    for owner, flags in ((folded, re.IGNORECASE), (exact, 0)):
        if not owner:
            continue
        pattern = re.compile(
            r"(?<![\w-])(" + "|".join(map(re.escape, sorted(owner, key=len, reverse=True))) + r")(?![\w-])", flags
        )
        for paragraph in analysis.paragraphs:
            if not paragraph.story:
                continue
            for match in pattern.finditer(text, paragraph.start, paragraph.end):
                start, end = match.span()
                position = bisect.bisect_right(starts, end - 1)
                if position and taken[position - 1][1] > start:
                    continue  # inside (or across) a name already found
                member = cast.members[owner[match.group(1).lower() if flags else match.group(1)]]
                member.mentions.append((start, end))
                member.aliases.add(" ".join(match.group(1).split()))
                bisect.insort(taken, (start, end))
                starts.insert(position, start)
