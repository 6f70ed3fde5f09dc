"""Gender from a first name, offline: `gender-guesser`'s name lists (about 40,000 first names).

Only an unambiguous answer counts ("male" or "female", not "mostly_male" or "andy"); pronouns and titles in
the text outrank it, and it is a hard constraint on merging two forms into one character.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import gender_guesser.detector as _detector

if TYPE_CHECKING:
    from ficlens.cast.names import NameParts

_ANSWERS = {"male": "male", "female": "female"}
_LEANINGS = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}
_KNOWN = {"male", "female", "mostly_male", "mostly_female", "andy"}


class _Detector(_detector.Detector):
    """gender-guesser's detector reading its list with the built-in `open`: its `codecs` line reader was most of
    the list's load time (0.13 -> 0.06 CPU s, once a process; the same lines, so the same names)."""

    def _parse(self, filename: str) -> None:
        self.names = {}
        with open(filename, encoding="utf-8") as lines:
            for line in lines:
                self._eat_name_line(line.strip())


@cache
def name_lists() -> _detector.Detector:
    """The one detector of a process (the dialogue's tag-pronoun check reads it too)."""
    return _Detector(case_sensitive=False)


@cache
def first_name_gender(word: str) -> str | None:
    """'male' or 'female' for a first name the lists know without doubt; None otherwise."""
    if not word[:1].isalpha():
        return None
    return _ANSWERS.get(name_lists().get_gender(word))


def parts_gender(parts: NameParts) -> str | None:
    """The gender a name form itself tells: its title's ("Mrs."), else its first name's when the lists are sure."""
    if parts.title is not None or not parts.words:
        return parts.gender
    return first_name_gender(parts.words[0])


@cache
def leaning_gender(word: str) -> str | None:
    """'male' or 'female' for a first name the lists give mostly to one gender ("Mary": mostly female): a
    tie-breaker only, never a constraint ("Charlie", "Kim" are either)."""
    if not word[:1].isalpha():
        return None
    return _LEANINGS.get(name_lists().get_gender(word))


@cache
def is_first_name(word: str) -> bool:
    """Whether the lists know the word as a first name of anyone (including 'Robin', 'Sasha')."""
    return word[:1].isalpha() and name_lists().get_gender(word) in _KNOWN
