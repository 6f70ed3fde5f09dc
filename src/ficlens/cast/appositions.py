"""Roles set beside a name ("Mr. Bumble, the beadle") describe that character."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast
from ficlens.cast.names import clean_surface

_APPOSITION = re.compile(
    r"(?P<name>\b(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*),\s+the\s+(?P<role>[A-Za-z]+)\b(?!\s+(?:of|who|which|that)\b)"
    r"|\bthe\s+(?P<role2>[A-Za-z]+),\s+(?P<name2>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)"
)


def merge_appositions(analysis: Analysis, cast: Cast) -> None:
    """A role set beside a name ("Mr. Bumble, the beadle", "the Jew, Fagin") is a description of that
    character: "said the beadle" is Mr. Bumble, and a "Jew" found as a name is merged into Fagin."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for match in _APPOSITION.finditer(analysis.text):
        name = match.group("name") or match.group("name2")
        role = (match.group("role") or match.group("role2")).lower()
        index = cast.lookup(clean_surface(name))
        if index is not None and cast.by_key.get(role) != index:
            votes[role][index] += 1
    for role, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            continue
        target = ranked[0][0]
        cast.roles[role] = target
        same = cast.by_key.get(role)
        if same is not None and same != target and len(cast.members[same].keys) == 1:
            cast.merge(same, target)
