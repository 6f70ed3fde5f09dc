"""The parts of a name: Western titles, Japanese honorifics, given names and family names.

"Tsunade-baa-chan" is Tsunade with the honorific "-baa-chan"; "Mrs. Bennet" is the title "Mrs." and the family
name "Bennet"; the title also tells the gender, which keeps Mr. Bennet and Mrs. Bennet apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MALE_RANKS = {"king", "prince", "duke", "count", "baron", "bishop", "squire", "emperor", "earl", "marquis"}
FEMALE_RANKS = {"queen", "princess", "duchess", "countess", "baroness", "empress"}
"""Nobility and offices, which name their one holder in a story ("the Duke")."""
MALE_TITLES = MALE_RANKS | {
    "mr", "mister", "sir", "lord", "master", "father", "brother", "uncle", "monsieur", "herr", "signor", "señor",
    "senor", "don", "rev", "reverend", "grandpa", "grandfather",
}
FEMALE_TITLES = FEMALE_RANKS | {
    "mrs", "miss", "ms", "lady", "madam", "madame", "mme", "mademoiselle", "mlle", "dame", "mother", "sister",
    "aunt", "frau", "fräulein", "signora", "señora", "senora", "donna", "mistress", "grandma", "grandmother",
    "nurse",
}
NEUTRAL_TITLES = {"dr", "doctor", "professor", "prof", "judge", "inspector", "detective", "officer", "saint", "st",
                  "ensign", "commander", "corporal", "commodore", "marshal", "agent", "sheriff", "deputy",
                  "colonel", "col", "captain", "capt", "general", "gen", "major", "lieutenant", "lt", "sergeant",
                  "sgt", "admiral"}
"""Ranks and offices held by men and women alike ("Sergeant Sally Donovan")."""
TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES

KNIGHTED = {"sir", "lord"}
"""Titles that take the place of "Mr." for good: Sir Walter Elliot is never "Mr Elliot" (that is his heir)."""

HONORIFICS = (
    "baa-chan", "baa-san", "obaa-san", "obaa-chan", "jii-san", "jii-chan", "ojii-san", "ojii-chan", "nii-san",
    "nii-chan", "nee-san", "nee-chan", "onii-san", "onii-chan", "onee-san", "onee-chan", "niisan", "neesan",
    "nii", "nee", "chan", "kun", "san", "sama", "sensei", "senpai", "sempai", "sennin", "dono", "tan", "chin",
    "hime", "shishou", "shisho", "teme", "dobe", "baka", "jiji", "oji", "sempai",
)
_HONORIFIC = re.compile(r"-(" + "|".join(sorted(set(HONORIFICS), key=len, reverse=True)) + r")$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class NameParts:
    surface: str
    title: str | None
    words: tuple[str, ...]
    honorific: str | None

    @property
    def gender(self) -> str | None:
        if self.title in MALE_TITLES:
            return "male"
        if self.title in FEMALE_TITLES:
            return "female"
        return None

    @property
    def base(self) -> str:
        """The name without title or honorific: 'Tsunade' for 'Tsunade-baa-chan', 'Bennet' for 'Mrs. Bennet'."""
        return " ".join(self.words)

    @property
    def key(self) -> str:
        """What identifies a form: the title matters (Mr. Bennet is not Mrs. Bennet), the honorific does not."""
        words = " ".join(self.words).lower()
        return f"{self.title} {words}" if self.title else words


def title_of(word: str) -> str | None:
    lowered = word.lower().rstrip(".")
    return lowered if lowered in TITLES else None


def parse_name(surface: str) -> NameParts:
    text = _POSSESSIVE.sub("", surface.strip())
    honorific = None
    match = _HONORIFIC.search(text)
    while match and match.start() > 0:
        honorific = match.group(1).lower() if honorific is None else f"{match.group(1).lower()}-{honorific}"
        text = text[: match.start()]
        match = _HONORIFIC.search(text)
    words = text.replace("\u00a0", " ").split()
    title = None
    while len(words) > 1 and title_of(words[0]):  # "Detective Sergeant Donovan": the last title counts
        title = title_of(words[0])
        words = words[1:]
        if title in ("st", "saint"):
            words, title = [f"St. {words[0]}", *words[1:]], None
    return NameParts(surface=surface, title=title, words=tuple(words), honorific=honorific)


_SURFACE_END = re.compile(r"--|[!?;:,\"“”—–_()\[\]]")


def clean_surface(surface: str) -> str:
    """Cut a name where the tokenizer ran on: 'Mr. Darcy!--There' is 'Mr. Darcy'; no possessive, one space."""
    cut = _SURFACE_END.split(surface)[0].strip()
    cut = _POSSESSIVE.sub("", cut)
    if cut.endswith(".") and not title_of(cut.rsplit(None, 1)[-1]):
        cut = cut.rstrip(".")
    return " ".join(cut.split())


# Common English hypocorisms: a nickname and its formal name are one person when both occur.
NICKNAMES = {
    "elizabeth": {"lizzy", "lizzie", "liz", "eliza", "beth", "betsy", "bess", "bessie", "betty", "lisa"},
    "catherine": {"kitty", "kate", "katie", "cathy", "kit"}, "katherine": {"kitty", "kate", "katie", "kathy"},
    "margaret": {"maggie", "meg", "peggy", "madge", "daisy"}, "mary": {"molly", "polly", "mamie"},
    "sarah": {"sally", "sal"}, "susan": {"sue", "susie", "sukey"}, "anne": {"annie", "nancy", "nan"},
    "ann": {"annie", "nancy"}, "frances": {"fanny", "frankie"}, "henrietta": {"hetty", "etta"},
    "harriet": {"hattie"}, "eleanor": {"nell", "nelly", "ellie"}, "helen": {"nell", "nelly"},
    "dorothy": {"dolly", "dot", "dottie"}, "jane": {"jenny", "janey"}, "charlotte": {"lottie", "charlie"},
    "caroline": {"carrie", "caro"}, "louisa": {"lou", "louie"}, "isabella": {"bella", "isa"},
    "theodora": {"dora"}, "georgiana": {"georgie"}, "julia": {"julie"}, "maria": {"ria"},
    "william": {"will", "willy", "bill", "billy"}, "robert": {"rob", "bob", "bobby", "robin"},
    "richard": {"dick", "rick", "richie"}, "edward": {"ned", "ted", "teddy", "eddie", "ed"},
    "thomas": {"tom", "tommy"}, "john": {"jack", "johnny"}, "james": {"jim", "jimmy", "jem", "jamie"},
    "charles": {"charlie", "chuck"}, "henry": {"harry", "hal", "hank"}, "frederick": {"fred", "freddy"},
    "benjamin": {"ben", "benny"}, "samuel": {"sam", "sammy"}, "joseph": {"joe", "joey"},
    "michael": {"mike", "mick"}, "nicholas": {"nick"}, "anthony": {"tony"}, "alexander": {"alex", "sandy"},
    "francis": {"frank"}, "lawrence": {"larry"}, "theodore": {"theo", "ted", "teddy"},
    "christopher": {"chris", "kit"}, "daniel": {"dan", "danny"}, "david": {"dave", "davy"},
    "edmund": {"ned", "ted"}, "albert": {"bert", "al"}, "matthew": {"matt"}, "peter": {"pete"},
}
NICKNAME_OF = {nick: formal for formal, nicks in NICKNAMES.items() for nick in nicks}


def display_form(surface: str) -> str:
    """A surface form as shown: whitespace (a line break inside a name) folded to single spaces."""
    return " ".join(surface.split())
