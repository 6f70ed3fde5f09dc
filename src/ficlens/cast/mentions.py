"""Every occurrence of a known name or seeded form, beyond those the parse called names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ficlens.analysis import Analysis
from ficlens.cast.candidates import CommonWords
from ficlens.cast.cast import Cast
from ficlens.cast.names import display_form
from ficlens.cast.words import HONORIFIC_TAIL


def scan_mentions(analysis: Analysis, cast: Cast, common: CommonWords) -> None:
    """Every occurrence of a known name, including those the tagger did not call proper nouns.

    A name that is also a common word in the text ("Will", "Hope": seen in lower case three times or more)
    keeps only the occurrences the tagger marked as names.
    """
    text = analysis.text
    owner: dict[str, int] = {}
    for index, member in enumerate(cast.members):
        for alias in member.aliases:
            if len(alias) > 1 and alias not in owner and not common.is_word(alias.lower()):
                owner[alias] = index
    if not owner:
        return
    pattern = re.compile(
        _first_letters(owner) + r"(?<![\w-])(" + "|".join(map(re.escape, sorted(owner, key=len, reverse=True)))
        + r")" + "(?i:" + HONORIFIC_TAIL.pattern + r")?(?![\w])"
    )
    taken = sorted(span for member in cast.members for span in member.mentions)
    starts = [s for s, _ in taken]
    for paragraph in analysis.paragraphs:
        if not paragraph.story:
            continue
        for match in pattern.finditer(text, paragraph.start, paragraph.end):
            start, end = match.span()
            position = bisect.bisect_right(starts, start) - 1
            if position >= 0 and taken[position][0] <= start < taken[position][1]:
                continue
            cast.add_mention(owner[match.group(1)], (start, end), display_form(match.group(0)))


def seeded_mentions(analysis: Analysis, cast: Cast) -> None:
    """Forms a pack or the work's tags give ("the fox", lower-case "ero-sensei", "Nine-tails") where the parse
    found no name: matched as written, and in any case when they hold a hyphen or a space."""
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for index, member in enumerate(cast.members):
        for form in member.seeds:
            if "-" in form or " " in form:
                folded.setdefault(form.lower(), index)
            else:
                exact.setdefault(form, index)
    add_form_mentions(analysis, cast, exact, folded)


def add_form_mentions(analysis: Analysis, cast: Cast, exact: dict[str, int], folded: dict[str, int]) -> None:
    """Whole-word occurrences in the story paragraphs of each form -> member (a pack's or the work's tags'
    seeds, a roster's names): `exact` forms as written, `folded` ones (lower-cased keys) in any case; never
    inside or across a name already found."""
    text = analysis.text
    taken = sorted(span for member in cast.members for span in member.mentions)
    starts = [start for start, _ in taken]
    for owner, flags in ((folded, re.IGNORECASE), (exact, 0)):
        if not owner:
            continue
        pattern = re.compile(
            _first_letters(owner) + r"(?<![\w-])(" + "|".join(map(re.escape, sorted(owner, key=len, reverse=True)))
            + r")(?![\w-])", flags
        )
        for paragraph in analysis.paragraphs:
            if not paragraph.story:
                continue
            for match in pattern.finditer(text, paragraph.start, paragraph.end):
                start, end = match.span()
                position = bisect.bisect_right(starts, end - 1)
                if position and taken[position - 1][1] > start:
                    continue  # inside (or across) a name already found
                index = owner[match.group(1).lower() if flags else match.group(1)]
                cast.add_mention(index, (start, end), display_form(match.group(1)))
                bisect.insort(taken, (start, end))
                starts.insert(position, start)


def _first_letters(forms: Iterable[str]) -> str:
    """A look-ahead for the letters the forms start with: the regex tries its thousand alternatives only where
    one could start (about one word in ten), not at every word."""
    firsts = {form[:1] for form in forms}
    return "" if "" in firsts else "(?=[" + "".join(sorted(map(re.escape, firsts))) + "])"
