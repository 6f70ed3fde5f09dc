"""Why a name is a character: the evidence the text gives for it, and how much a form needs.

A capitalised word is a candidate; it becomes a character for a reason: it speaks, is spoken to, is the
subject of a verb, takes a person's pronouns, a title or an honorific, or is in the work's character tags
(or a fandom pack). A form that is also a common English word, a rank, a group or an acronym needs more
(see `junk`), and some forms are nobody whatever the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping

from ficlens.cast import junk

STRONG_PERSON = 2.0
"""Person evidence a common-word form needs: two uses as a subject, a title, an honorific or a speech tag."""


ROLE_PERSON = 3.0
"""Person evidence a rank alone needs to be a character by its role ("said the President" twice)."""


def is_nobody(key: str, surfaces: set[str], keys: Mapping[str, int]) -> bool:
    """A form that names no character whatever the parse says (`keys`: every candidate form, how often)."""
    return (
        not key
        or any(junk.is_cut_off(s) for s in surfaces)
        or junk.is_rank(key) and any(other.startswith(key + " ") for other in keys)
        or junk.is_interjection(key)
        or junk.is_pronoun_form(key)
        or junk.is_acronym(surfaces)
        or junk.is_group_form(key, keys)
        or junk.is_two_people(key, keys)
    )


def admits(key: str, person: float, surfaces: set[str], keys: Mapping[str, int]) -> bool:
    """Whether a form the scores call a person may be one: not nobody, and common words with strong evidence."""
    if is_nobody(key, surfaces, keys):
        return False
    if junk.is_rank(key):
        return person >= ROLE_PERSON
    return person >= STRONG_PERSON or not (junk.needs_strong_evidence(key) or junk.is_lone_word(key, keys))
