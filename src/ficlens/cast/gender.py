"""Gender from a first name, offline: `gender-guesser`'s name lists (about 40,000 first names).

Only an unambiguous answer counts ("male" or "female", not "mostly_male" or "andy"); pronouns and titles in
the text outrank it, and it is a hard constraint on merging two forms into one character.
"""

from __future__ import annotations

from functools import cache

import gender_guesser.detector as _detector

_ANSWERS = {"male": "male", "female": "female"}
_KNOWN = {"male", "female", "mostly_male", "mostly_female", "andy"}


@cache
def _guesser() -> _detector.Detector:
    return _detector.Detector(case_sensitive=False)


@cache
def first_name_gender(word: str) -> str | None:
    """'male' or 'female' for a first name the lists know without doubt; None otherwise."""
    if not word[:1].isalpha():
        return None
    return _ANSWERS.get(_guesser().get_gender(word))


@cache
def is_first_name(word: str) -> bool:
    """Whether the lists know the word as a first name of anyone (including 'Robin', 'Sasha')."""
    return word[:1].isalpha() and _guesser().get_gender(word) in _KNOWN
