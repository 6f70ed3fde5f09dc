"""Roles set beside a name ("Mr. Bumble, the beadle") describe that character."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast
from ficlens.cast.names import FEMALE_RANKS, MALE_RANKS, NEUTRAL_TITLES, clean_surface

_APPOSITION = re.compile(
    r"(?P<name>\b(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*),\s+the\s+(?P<role>[A-Za-z]+)\b(?!\s+(?:of|who|which|that)\b)"
    r"|\bthe\s+(?P<role2>[A-Za-z]+),\s+(?P<name2>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)"
)
EPITHETS = {"man", "woman", "girl", "boy", "lady", "gentleman", "other", "others", "fellow", "lad", "lass", "child",
            "person", "stranger", "youth", "creature", "former", "latter", "one", "elder", "younger", "first",
            "second", "two", "three"}
"""Words a narrator uses for whoever is in view ("Oliver, the girl took his hand": a new clause; "said the
girl" later is another girl): never a role that names one character."""


def merge_appositions(analysis: Analysis, cast: Cast) -> None:
    """A role set beside a name ("Mr. Bumble, the beadle", "the Jew, Fagin") is a description of that
    character: "said the beadle" is Mr. Bumble, and a "Jew" found as a name is merged into Fagin."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for match in _APPOSITION.finditer(analysis.text):
        name = match.group("name") or match.group("name2")
        role = (match.group("role") or match.group("role2")).lower()
        if role in EPITHETS:
            continue
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


RANKS = NEUTRAL_TITLES | MALE_RANKS | FEMALE_RANKS
"""Roles that name one holder in the narration ("the Professor", "the Colonel"); the other nouns an apposition
pairs with a name are too often a clause's subject ("Fielding, the servant brought tea") to count as mentions."""


def mention_roles(analysis: Analysis, cast: Cast) -> None:
    """"The Colonel" and "the professor" in the narration mention the character the rank names ("Colonel Brandon,
    the story's one colonel), so a "he said" after "The Professor seized Syme" finds him."""
    if not cast.roles:
        return
    roles = {role: index for role, index in sorted(cast.roles.items())
             if role in RANKS and index not in cast.dropped and index not in cast.merged}
    if not roles:
        return
    pattern = re.compile(r"\b[Tt]he\s+(" + "|".join(map(re.escape, roles)) + r")\b(?!\s+of\b)", re.I)
    text = analysis.text
    for paragraph in analysis.paragraphs:
        if not paragraph.story:
            continue
        for match in pattern.finditer(text, paragraph.start, paragraph.end):
            start, end = match.span(1)
            if cast.member_at(start) is None:
                cast.add_mention(roles[match.group(1).lower()], (start, end))
