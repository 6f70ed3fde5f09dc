"""Person or place: the evidence a name form gathers, and the verdict."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ficlens.cast.candidates import Candidate
from ficlens.cast.packs import Pack
from ficlens.cast.words import NOT_NAMES, PLACE_WORDS


def score_forms(candidates: list[Candidate], pack: Pack | None) -> dict[str, tuple[float, float, int]]:
    person: dict[str, float] = defaultdict(float)
    place: dict[str, float] = defaultdict(float)
    count: Counter = Counter()
    by_base: dict[str, float] = defaultdict(float)
    for c in candidates:
        person[c.parts.key] += c.person
        place[c.parts.key] += c.place
        count[c.parts.key] += 1
        by_base[" ".join(c.parts.words).lower()] += c.person
    # A family name earns the person evidence of its titled forms: "Bennet" counts what "Mr. Bennet" shows.
    for key in list(person):
        person[key] = max(person[key], by_base.get(key, 0.0) / 2)
    return {key: (person[key], place[key], count[key]) for key in count}


def is_person(key: str, person: float, place: float, count: int, pack: Pack | None, voiced: bool = False) -> bool:
    """Whether a form names a person: some evidence for it (a title, an honorific, a subject, a possessive, being
    addressed; `voiced`: person pronouns follow it, or it writes chat lines or letters) and more than for a
    place. A form used twice with no evidence either way ("half of Mondstadt", "to watch Mondstadt") is nobody:
    left in, it became a candidate speaker for every line that mentions it."""
    words = key.replace(".", "").split()
    if not words or len(words) == 1 and (words[0] in NOT_NAMES or words[0] in PLACE_WORDS):
        return False
    if re.match(r"i['’]", words[0]):  # "I'm", "I'd" at a sentence start
        return False
    if pack and key in pack.non_characters():
        return False
    if len(key) < 2:
        return False
    return (person >= 1 and person > place) or (count >= 2 and place == 0 and (person > 0 or voiced))
