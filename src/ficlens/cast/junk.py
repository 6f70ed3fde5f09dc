"""Names that are nobody: cut-off words, acronyms, ranks alone, groups, demonyms and common words.

A fan-fiction text capitalises much that is not a person ("What-", "USJ", "Commander", "Marines",
"Marleyan", "Confusion"); these rules say which candidate forms need more evidence than a capital letter,
or can never be a character whatever the parse says. They are pure functions of a form and the other forms
of the same text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from wordfreq import zipf_frequency

from ficlens.cast.gender import first_name_gender, is_first_name
from ficlens.cast.words import NAME_MONTHS, NOT_NAMES

COMMON_ZIPF = 3.0
"""A word at least this frequent in English (per billion words, log10) is a word before it is a name."""
VERY_COMMON_ZIPF = 4.0
"""So frequent ("Confusion", "Rocket", "Wanna") that only strong evidence makes it a name."""
PHRASE_HEAD_ZIPF = 3.5
"""A phrase of common words ("Grand Line", "Survey Corps") starts with a word at least this frequent."""

ENGLISH_ZIPF = 1.0
"""A word this frequent in English is in its vocabulary (rarer ones are names, coinages or misspellings)."""
ABSTRACT_ENDINGS = ("ness", "ment", "ism", "ity", "ance", "ence", "tion", "sion", "ology", "osophy", "ship", "hood")
ABSTRACT_MIN_LETTERS = 7
"""Shorter words with these endings are as often names or plain nouns ("Vance", "Ness", "Lance")."""
ADDRESS_FORMS = {"highness", "majesty", "lordship", "ladyship", "holiness", "eminence", "excellence",
                 "reverence", "worship"}

PLURAL_SHARE = 10
"""A singular is a group's member noun unless it is used ten times as often as its plural ("the Kangas" once
beside Kanga eighty times is a family, and Kanga a name)."""
INTERJECTIONS = {
    "hallo", "hullo", "hello", "ho", "bother", "ahoy", "yeh", "yah", "whoa", "wow", "ugh", "argh", "oi", "hey",
    "gosh", "golly", "blimey", "crikey", "damn", "dammit", "gah", "meh", "huh", "hmph", "shh", "psst", "eh",
    "ahem", "oops", "ouch", "yikes", "phew", "aww", "eek", "heh", "hah", "haha", "bah", "pfft", "tch", "tsk",
    "yeah", "nah", "yep", "nope", "alright", "okay", "ok", "hi", "bye", "goodbye", "ooh", "oh", "ah", "aha",
    "hmm", "hm", "um", "uh", "er", "erm", "whew", "yay", "hooray", "hurrah", "alas", "oy", "jeez",
    # older English prose
    "halloa", "hark", "hist", "hush", "hem", "humph", "pshaw", "drat", "oho", "heigho", "heyday", "tut", "tcha",
    "gad", "egad", "lor", "lawks", "zounds", "righto", "yessir", "hurray", "phoo", "h'm", "hum", "bravo",
}
RANKS = {
    "captain", "commander", "general", "ensign", "lieutenant", "sergeant", "corporal", "private", "major",
    "colonel", "admiral", "commodore", "marshal", "chief", "leader", "leaders", "boss", "exec", "executive",
    "officer", "agent", "soldier", "marine", "marines", "sir", "ma'am", "madam", "lord", "lady", "master",
    "doctor", "professor", "teacher", "principal", "director", "president", "minister", "sheriff", "deputy",
    "detective", "inspector", "sensei", "senpai", "sempai", "hokage", "kage", "emperor", "empress", "king",
    "queen", "prince", "princess", "knight", "guard", "guards", "recruit", "cadet", "squad", "team", "crew",
    "heichou", "taichou",
}
PRONOUNS = {"he", "she", "it", "they", "we", "you", "i", "his", "her", "him", "them", "its", "our", "their",
            "that", "this", "there", "here", "what", "who", "where", "when", "why", "how"}
_CUT_OFF = re.compile(r"[-–—]$")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,6}$")
_DEMONYM = re.compile(r"(?:ian|an|ese|ish|ite)$")
DEMONYM_ENDINGS = ("an", "ian", "ean", "ese", "ite")
"""What makes a people of a place's name ("Marley" -> "Marleyan"): the place is no character."""
_PEOPLE_WORD = re.compile(r"^(?:\w{3,}(?:ians|eans)|\w{4,}ese)$")
_NATION_MEN = re.compile(r"^(?:english|french|irish|dutch|scots|welsh)(?:wo)?m[ae]n$")
RELIGIONS = {"islam", "christianity", "judaism", "hinduism", "buddhism", "catholicism", "protestantism",
             "mohammedanism", "paganism"}


def is_cut_off(surface: str) -> bool:
    """A word broken off mid-speech ("What-", "He's—") names nobody."""
    return bool(_CUT_OFF.search(surface.strip()))


def is_acronym(surfaces: set[str]) -> bool:
    """Every use in capitals ("USJ", "TFA"): an organisation or an abbreviation, not a person."""
    return bool(surfaces) and all(_ACRONYM.match(s.replace(".", "")) for s in surfaces)


def is_two_people(key: str, keys: Mapping[str, int]) -> bool:
    """Two given names side by side in both orders ("Katharine Cassandra; Cassandra Katharine"): two people
    named together, not one full name."""
    words = key.split()
    return (len(words) == 2 and " ".join(reversed(words)) in keys
            and all(first_name_gender(word) is not None for word in words))


def is_interjection(key: str) -> bool:
    """"Hallo", "Yeh", "Bother": words said, not people."""
    return key in INTERJECTIONS


def is_rank(key: str) -> bool:
    """A title or rank alone ("Commander", "Captain", "Leaders") names a role, not one person (where the text
    also names its holders: "the President" with no "President X" is that character's only name)."""
    return key in RANKS


def is_pronoun_form(key: str) -> bool:
    """"He's" or "What's" at a sentence start, cut of its clitic."""
    return key.split()[0] in PRONOUNS if key else False


def is_people_word(key: str) -> bool:
    """A people, a nation or a faith named by an English word ("Indians", "Europeans", "Englishmen", "Islam"):
    the plural of a demonym, a demonym in -ese, a man or woman of a nation, a religion."""
    return (
        key in RELIGIONS
        or bool(_NATION_MEN.match(key))
        or bool(_PEOPLE_WORD.match(key)) and commonness(key) >= ENGLISH_ZIPF
        or key.endswith("s") and key[:-1] in NOT_NAMES
    )


PLURAL_TITLES = {"messrs", "messrs.", "mesdames", "misses", "mmes", "mmes.", "mm."}


def is_plural_title(key: str, keys: Mapping[str, int]) -> bool:
    """"Messrs. Blathers", "Misses Dashwood", "Miss Bertrams" (beside "Tom Bertram"): several people."""
    words = key.split()
    return words[0] in PLURAL_TITLES or (
        words[0] == "miss" and len(words) == 2 and words[1].endswith("s")
        and any(other.endswith(" " + words[1][:-1]) for other in keys)
    )


def is_group_form(key: str, keys: Mapping[str, int]) -> bool:
    """A plural whose singular is also used ("Marines"/"Marine", "Yeagerists"), the singular of such a
    plural when the plural is as common, or a demonym of another name ("Marleyan" beside "Marley"): a group
    or a people, or a place whose people the text names ("Marley" beside "Marleyan"); a plural title ("Messrs.
    Blathers", "the Miss Bertrams"): a family's brothers or sisters. (`keys`: every candidate form and how
    often it occurs.)"""
    if " " in key:
        return is_plural_title(key, keys)
    if is_people_word(key):
        return True
    if key.endswith("s") and key[:-1] in keys:
        return True
    if key + "s" in keys and keys.get(key + "s", 0) * PLURAL_SHARE >= keys.get(key, 0):
        return True  # "Marine" beside "Marines"; not "Archer" beside "the Archers" (a family)
    if any(key + ending in keys and not is_first_name(key + ending) for ending in DEMONYM_ENDINGS):
        return True  # "Marley" beside "the Marleyan": a nation; not "Lili" beside "Lilian"
    match = _DEMONYM.search(key)
    if match and len(key) > 5:
        stem = key[: match.start()]
        return any(other != key and (other == stem or other.split()[-1] in (stem, stem + "a", stem + "e", stem + "y"))
                   for other in keys)
    return False


@cache
def commonness(key: str) -> float:
    """How common the form's least common word is in English, unless the form starts with a first name."""
    words = [w for w in key.replace(".", "").split() if w]
    if not words or is_first_name(words[0]):
        return 0.0
    return min(zipf_frequency(w, "en") for w in words)


def is_abstract_noun(key: str) -> bool:
    """"Peevishness", "Imperialism", "Providence", "Theology": an English word with the ending of an abstract
    noun, and no first name ("Florence", "Constance", "Felicity" are). Forms of address ("Highness",
    "Lordship") name someone."""
    return (
        " " not in key and len(key) >= ABSTRACT_MIN_LETTERS and key not in ADDRESS_FORMS
        and key.endswith(ABSTRACT_ENDINGS) and commonness(key) >= ENGLISH_ZIPF
    )


def is_lone_word(key: str, keys: Mapping[str, int]) -> bool:
    """A common English word that is no first name nor a word of a longer name, capitalised once ("Pun
    intended."): a name only with strong evidence ("Lucifer", used twice, is one; so is "Springer" beside
    "Connie Springer")."""
    return (
        keys.get(key, 0) == 1 and key.isalpha() and commonness(key) >= COMMON_ZIPF and not is_first_name(key)
        and not any(key in other.split() for other in keys if " " in other)
    )


def needs_strong_evidence(key: str) -> bool:
    """A very common English word ("Confusion", "Rocket"), an abstract noun ("Peevishness"), a month that is
    also a given name ("May") or a phrase of common words ("Grand Line", "Survey Corps") is a name only when
    the text treats it as a person more than once."""
    words = key.split()
    if len(words) == 1:
        return commonness(key) >= VERY_COMMON_ZIPF or is_abstract_noun(key) or key in NAME_MONTHS
    # a phrase starts with a common word; a rarer given name ("Dex Hunt") starts a person's full name
    return commonness(key) >= COMMON_ZIPF and commonness(words[0]) >= PHRASE_HEAD_ZIPF
