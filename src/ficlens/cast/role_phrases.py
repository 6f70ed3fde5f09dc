"""A rank or role phrase before a full name ("Head Peacekeeper Romulus Thread", "Chief Warden Cyrus Vane") is a
mention of that person, not a longer name of someone else.

English puts a role before a full name where a character is introduced; the capitalised role is no part of
the name. Titles the name parser knows ("Detective Sergeant") are cut off there; a role made of other words
("Head Peacekeeper", "Grand Vizier") left a four-word form that matched neither the full name in the work's
tags nor the surname the story uses later, or, of common words, was no character at all. Here the role words
(English words, no first name) before a full name (a given name and a surname, or a full name the text uses
elsewhere) leave the form: the candidate is that full name and keeps the whole phrase as its surface (an
alias), so the surname alone joins it in turn (`name_structure`).
"""

from __future__ import annotations

from collections.abc import Iterable

from wordfreq import zipf_frequency

from ficlens.cast.candidates import Candidate
from ficlens.cast.gender import first_name_gender, is_first_name
from ficlens.cast.names import NameParts

ROLE_WORD_ZIPF = 2.5
"""A word of a role phrase is an English word at least this frequent ("peacekeeper" 2.6, "vizier" 2.6); a
rarer capitalised word is a name."""
FULL_NAME_WORDS = 2
"""A full name after a role is a given name (one with a gender: not "Hunter" or "Hat") and a surname; a longer
tail ("Cotton Candy Lover Chopper") is an epithet, unless the text uses it elsewhere."""


def strip_role_phrases(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates, each with a role phrase before a full name read as that full name."""
    candidates = list(candidates)
    keys = {c.parts.key for c in candidates}
    for candidate in candidates:
        name = full_name_after_role(candidate.parts, keys)
        if name is not None:
            candidate.parts = name
    return candidates


def full_name_after_role(parts: NameParts, keys: set[str]) -> NameParts | None:
    """The full name a role phrase leads into (the shortest role that leaves one), or None."""
    words = parts.words
    if parts.title or len(words) < 3:
        return None
    for cut in range(1, len(words) - 1):
        if not _role_word(words[cut - 1]):
            return None
        rest = words[cut:]
        name = NameParts(surface=" ".join(rest), title=None, words=rest, honorific=parts.honorific)
        if (len(rest) == FULL_NAME_WORDS and first_name_gender(rest[0]) is not None) or name.key in keys:
            return name
    return None


def _role_word(word: str) -> bool:
    lower = word.lower()
    return zipf_frequency(lower, "en") >= ROLE_WORD_ZIPF and not is_first_name(lower)
