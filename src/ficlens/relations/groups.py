"""Groups: the fandom pack's villages and factions, and the groups a text names in its own words.

Without a pack a group is a capitalised phrase built on a group noun ("the Survey Corps", "Straw Hat Pirates",
"Scotland Yard") or opened by one ("Team Rocket", "Knights of Favonius", "District 12"), a movement
("the rebellion"), a character's following ("Kronos's army", "the garrison of the archangel Raphael"), a
capitalised plural or name used with "the" again and again ("the Peacekeepers", "the Fatui"), or a
capitalised word describing a member ("a Konoha ninja", "the Fatui agent"), a group chat's name in a chat fic
("-- group chat: Gym Leaders --"), or a capitalised name a character is said to be a traitor to, loyal to or
sworn to ("a traitor to Heaven").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ficlens.relations.lexicon import (
    FOLLOWINGS,
    GROUP_HEADS,
    GROUP_OPENERS,
    INSULT_WORDS,
    MEMBER_NOUNS,
    RANK_TITLES,
)

MIN_THE_USES = 2
"""Uses of "the X" (X capitalised, not a character) that make X a group without a group noun."""
MIN_DESCRIBING_USES = 1
THE_SHARE = 0.5
"""Share of a capitalised word's uses after "the" that makes it a group name rather than a person's."""
"""Uses of a capitalised word before a member noun ("Marine ensign") that make it a group."""

_CAP = r"[A-Z][\w’'-]*"
_HEAD = "|".join(sorted({h.capitalize() for h in GROUP_HEADS}, key=len, reverse=True))
_HEADED = re.compile(rf"\b(?:{_CAP}\s+){{1,3}}(?:{_HEAD})\b")
_OPENED = re.compile(
    rf"\b(?:{'|'.join(GROUP_OPENERS)})\s+(?:of\s+(?:the\s+)?)?(?:{_CAP}|\d+)(?:\s+{_CAP})?\b"
)
_FOLLOWING = re.compile(rf"\b({_CAP}(?:\s+{_CAP})?)(?:'s|’s|'|’)\s+({'|'.join(sorted(FOLLOWINGS))})\b")
_FOLLOWING_OF = re.compile(
    rf"\bthe\s+({'|'.join(sorted(FOLLOWINGS))})\s+of\s+(?:the\s+)?(?:[a-z]+\s+)?({_CAP}(?:\s+{_CAP})?)"
)
_THE_CAPITALISED = re.compile(r"(?<=\bthe\s)([A-Z][a-z]+)\b(?![’'-]|\s+[A-Z])")
_DESCRIBING = re.compile(
    rf"(?<=[a-z,;]\s)([A-Z][a-z]+)\s+({'|'.join(sorted(MEMBER_NOUNS, key=len, reverse=True))})\b"
)
CHAT_HEADER = re.compile(
    r"(?im)^[^\w\n]*(?:group\s*chat|groupchat|chat\s*room|channel)\s*[:\u2013\u2014-]\s*([A-Z0-9][^\n]*?)[^\w\n]*$"
)
"""A chat fic's header line naming the chat ("-- group chat: Gym Leaders --"): the chat's name is a group's."""
_ALLEGIANCE = re.compile(
    r"\b(?:traitor|traitors|loyal|loyalty|allegiance|sworn|deserter|defector|defected|deserted|member|members)"
    r"\s+(?:to|of|from)?\s*(?:the\s+)?([A-Z][a-z]+)\b(?![\u2019'-]|\s+[A-Z])"
)
"""A capitalised name a character is loyal to, sworn to or a traitor to is a side ("a traitor to Heaven")."""
_MOVEMENT = re.compile(r"\bthe (rebellion|resistance|revolution|underground|uprising)\b")
_PLURAL = re.compile(r"(?<=[a-z,;]\s)([A-Z][a-z]+s)\b")
_SINGULAR = re.compile(r"(?<=[a-z,;]\s)([A-Z][a-z]+)\b")
MIN_PLURAL_USES = 2
"""Uses of a capitalised plural inside a sentence ("the Peacekeepers", "two Marines"), with its singular
("a Marine"), that make it a group; a plural whose singular never shows ("Holmes") is a name."""
_NOT_GROUPS = frozenset(
    "The A An I He She It They We You My Our His Her Their This That These Those Mr Mrs Ms Miss Dr Sir Lady Lord "
    "Captain Commander General Lieutenant Sergeant Chapter Part Book Day Night God Oh Ah Yes No In At From To "
    "For With Of On And But Or So Then When If As By Into After Before Thanks Notes Words Author Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April June July August September October "
    "November December Christmas Easter".split()
)


@dataclass
class FoundGroup:
    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    members: tuple[str, ...] = ()
    """Canonical member names a pack gives."""
    leader: str | None = None
    """The character a following belongs to ("Kronos's army": Kronos)."""
    common: str | None = None
    """The group noun that names it alone after a preposition ("at camp", "back to camp")."""


def find_groups(text: str, pack, character_forms: dict[str, str], pack_forms: frozenset[str] = frozenset(),
                cast_forms: dict[str, str] | None = None, scans: GroupScans | None = None) -> list[FoundGroup]:
    """Groups named in `text`, each with every span naming it.

    `character_forms` maps the names of characters known to be people (they speak, or a pack lists them) to
    their ids: those are not groups unless used like one ("the Fatui" again and again); `pack_forms` (names a
    fandom pack gives its characters) never are. Other names the cast holds may be groups ("Survey Corps"),
    except after a word of allegiance; `cast_forms` (every character's names) finds the leader of a following
    even when the leader never speaks ("the garrison of the archangel Raphael"). `scans`: `scan_groups(text)`,
    made here when not given.
    """
    groups: dict[str, FoundGroup] = {}
    if pack is not None:
        for g in pack.groups:
            groups[group_key(g.name)] = FoundGroup(g.name, g.kind, set(g.aliases) | {g.name}, members=g.members)
    named = {group_key(a) for g in groups.values() for a in g.aliases}
    for found in _text_groups(text, scans or scan_groups(text), character_forms, pack_forms,
                              cast_forms or character_forms):
        key = group_key(found.name)
        if key in groups or key in named:
            continue
        groups[key] = found
        named |= {group_key(a) for a in found.aliases}
    _fold_short_names(groups)
    _add_demonym_stems(groups, text, set(character_forms) | pack_forms)
    _add_common_names(groups)
    result = []
    surnames = {f.split()[-1] for f in (cast_forms or character_forms) if len(f.split()) > 1}
    for group, mentions in zip(groups.values(), _mentions(text, list(groups.values()), surnames), strict=True):
        group.mentions = mentions
        if mentions:
            result.append(group)
    return sorted(result, key=lambda g: g.mentions[0])


_OWN_FOLLOWING = re.compile(r"\bmy (rebels|men|crew|army|soldiers|troops|forces|followers|gang|knights|garrison)\b",
                            re.IGNORECASE)


def speaker_followings(text: str, said: list[tuple[int, int, str]], names: dict[str, str],
                       groups: list[FoundGroup]) -> list[FoundGroup]:
    """A following its leader names in speech ("Raphael will count her among my rebels"): one group per
    speaker and noun, named "<speaker>'s rebels", with "my rebels" as an alias and only the speaker's own uses
    as mentions; none where a group of the text already has that noun."""
    nouns = {w.lower() for g in groups for a in g.aliases for w in a.split()}
    found: dict[tuple[str, str], FoundGroup] = {}
    for start, end, speaker in said:
        for match in _OWN_FOLLOWING.finditer(text, start, end):
            noun = match.group(1).lower()
            if noun in nouns or speaker not in names:
                continue
            group = found.setdefault((speaker, noun), FoundGroup(f"{names[speaker]}'s {noun}", "faction",
                                                                 {f"{names[speaker]}'s {noun}", f"my {noun}"},
                                                                 leader=speaker))
            group.mentions.append((match.start(), match.end()))
    return list(found.values())


def group_key(name: str) -> str:
    """One form for a group's names: no leading "the", lower case, no plural -s ("the Marines" = "Marine")."""
    words = name.replace("’", "'").lower().split()
    if words and words[0] == "the":
        words = words[1:]
    key = " ".join(words)
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


@dataclass
class GroupScans:
    """What the group patterns find in the text, as plain data (the matched words and their counts): they read
    the text alone, so the scans are made ahead (`ahead.py`) where two processes run."""

    headed: list[str]
    opened: list[str]
    chat: list[str]
    allegiance: list[str]
    movement: list[str]
    following: list[tuple[str, str]]
    following_of: list[tuple[str, str]]
    the_uses: Counter[str]
    describing: Counter[str]
    singulars: Counter[str]
    plurals: Counter[str]
    capitalised: Counter[str]


def scan_groups(text: str) -> GroupScans:
    return GroupScans(
        headed=[m.group(0) for m in _HEADED.finditer(text)],
        opened=[m.group(0) for m in _OPENED.finditer(text)],
        chat=[m.group(1) for m in CHAT_HEADER.finditer(text)],
        allegiance=[m.group(1) for m in _ALLEGIANCE.finditer(text)],
        movement=[m.group(1) for m in _MOVEMENT.finditer(text)],
        following=[(m.group(0), m.group(1)) for m in _FOLLOWING.finditer(text)],
        following_of=[(m.group(0), m.group(2)) for m in _FOLLOWING_OF.finditer(text)],
        the_uses=Counter(m.group(1) for m in _THE_CAPITALISED.finditer(text)),
        describing=Counter(m.group(1) for m in _DESCRIBING.finditer(text)),
        singulars=Counter(m.group(1) for m in _SINGULAR.finditer(text)),
        plurals=Counter(m.group(1) for m in _PLURAL.finditer(text)),
        capitalised=Counter(re.findall(r"\b[A-Z][a-z]+\b", text)),
    )


def group_scans(analysis) -> GroupScans:
    """`scan_groups` of the analysis's text (an ahead job)."""
    return scan_groups(analysis.text)


def _text_groups(text: str, scans: GroupScans, character_forms: dict[str, str], pack_forms: frozenset[str],
                 cast_forms: dict[str, str]) -> list[FoundGroup]:
    found: list[FoundGroup] = []
    keys: set[str] = set()

    def add(name: str, kind: str, leader: str | None = None, person_ok: bool = False) -> None:
        words = name.split()
        while words and words[0] in _NOT_GROUPS:
            words = words[1:]
        name = " ".join(words)
        if name and (person_ok or name not in character_forms) and group_key(name) not in keys:
            found.append(FoundGroup(name, kind, {name}, leader=leader))
            keys.add(group_key(name))

    for name in scans.headed:
        add(name, GROUP_HEADS[name.split()[-1].lower()])
    for name in scans.opened:
        add(name, GROUP_OPENERS[name.split()[0]])
    for name in scans.chat:
        add(name.strip(), "team")
    for word in scans.allegiance:
        if word not in _NOT_GROUPS and word not in pack_forms and word not in cast_forms and word.lower() not in INSULT_WORDS:
            add(word, "faction")
    surnames = {f.split()[-1] for f in cast_forms if len(f.split()) > 1 and f.split()[-1][:1].isupper()}
    if surnames:
        family = re.compile(rf"\b[Tt]he ((?:{'|'.join(map(re.escape, sorted(surnames)))})(?:es|s))\b")
        for match in family.finditer(text):
            add(match.group(1), "family", person_ok=True)
    for word in scans.movement:
        add(f"the {word}", "faction")
    for name, owner in (*scans.following, *scans.following_of):
        leader = cast_forms.get(owner)
        if leader:
            add(name, "faction", leader)
    the_uses, describing, singulars, capitalised = scans.the_uses, scans.describing, scans.singulars, scans.capitalised
    plurals = Counter({
        word: uses + singulars[word[:-1]] for word, uses in scans.plurals.items()
        if singulars[word[:-1]] or word.endswith(("ists", "ites"))
    })
    for word in (the_uses + describing + plurals):
        if (word in _NOT_GROUPS or word.lower() in INSULT_WORDS or word in pack_forms
                or word.lower().removesuffix("s") in RANK_TITLES):
            continue
        # "the Fatui" time and again is a group even when the cast took it for a speaker; a name is rarely "the"
        groupish = word.lower() in GROUP_HEADS or word in plurals or the_uses[word] >= THE_SHARE * capitalised[word]
        if word in character_forms and not groupish:
            continue
        if (the_uses[word] >= MIN_THE_USES or describing[word] >= MIN_DESCRIBING_USES
                or plurals[word] >= MIN_PLURAL_USES):
            add(word, "faction", person_ok=groupish)
    return found


_DEMONYM_ENDINGS = (("ian", "ia"), ("ian", "a"), ("an", ""), ("n", ""), ("ese", ""))
"""(ending, replacement) that take a demonym back to its place: Marleyan/Marley, Kenyan/Kenya, Japanese/Japan."""


def _add_demonym_stems(groups: dict[str, FoundGroup], text: str, names: set[str]) -> None:
    """A one-word group named by a demonym ("Marleyan") is also named by its place ("Marley") where the text
    uses that name and no other group or character has it."""
    for key, group in list(groups.items()):
        if " " in key:
            continue
        for ending, replacement in _DEMONYM_ENDINGS:
            stem = group.name[: -len(ending)] + replacement if group.name.endswith(ending) else ""
            if len(stem) > 2 and stem not in names and group_key(stem) not in groups and _has_word(text, stem):
                group.aliases.add(stem)
                break


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a whole word: tried where `str.find` finds it, not by a regex search
    of the whole text (a search starting with a word boundary tries every offset: 0.1 s a 100,000-word text)."""
    whole = re.compile(rf"\b{re.escape(word)}\b(?![\w-])")
    at = text.find(word)
    while at >= 0:
        if whole.match(text, at):
            return True
        at = text.find(word, at + 1)
    return False


def _fold_short_names(groups: dict[str, FoundGroup]) -> None:
    """A one-word group that is a word of exactly one longer group ("the Knights") names that group."""
    for key, group in list(groups.items()):
        if " " in key:
            continue
        owners = [g for k, g in groups.items() if k != key and key in {group_key(w) for w in k.split()}]
        if len(owners) == 1:
            owners[0].aliases |= group.aliases
            del groups[key]


def _add_common_names(groups: dict[str, FoundGroup]) -> None:
    """"the camp" names Camp Half-Blood and "the gym" Cerulean Gym when no other group has that noun."""
    nouns: dict[str, list[FoundGroup]] = {}
    for group in groups.values():
        if group.members or group.leader:
            continue
        words = group.name.split()
        for word in dict.fromkeys((words[0], words[-1])) if len(words) > 1 else ():  # ordered: the result must not hang on the hash seed
            if word.lower() in GROUP_HEADS:
                nouns.setdefault(word.lower(), []).append(group)
    for noun, owners in nouns.items():
        if len(owners) == 1:
            owners[0].aliases.add(f"the {noun}")
            owners[0].common = noun


def _mentions(text: str, groups: list[FoundGroup], surnames: set[str] = frozenset()) -> list[list[tuple[int, int]]]:
    """Spans of every group's aliases (and their plural or singular, unless that is a character's surname: "the
    Bennets" is a family, "Bennet" a person), in one pass over the text for all groups; an alias with a space
    also matches in lower case ("loyal to the leaf"), a group noun after a preposition names its only group
    ("back to camp")."""
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    common: dict[str, int] = {}
    for number, group in enumerate(groups):
        for alias in group.aliases:
            other = alias[:-1] if alias.endswith("s") and len(alias) > 3 else alias + "s"
            exact.setdefault(alias, number)
            if other not in surnames and other.removesuffix("e") not in surnames:
                exact.setdefault(other, number)
            if " " in alias:
                folded.setdefault(alias.lower(), number)
        if group.common:
            common.setdefault(group.common, number)
    spans: list[list[tuple[int, int]]] = [[] for _ in groups]
    if exact:
        for m in _alternation(exact).finditer(text):
            if not _after_hyphen(text, m.start()):
                spans[exact[m.group(0)]].append((m.start(), m.end()))
    if folded:
        for m in _alternation(folded, re.IGNORECASE).finditer(text):
            if not _after_hyphen(text, m.start()):
                spans[folded[m.group(0).lower()]].append((m.start(), m.end()))
    if common:
        bare = re.compile(rf"\b(?:at|to|from|in|of|left|leave|leaving) ({'|'.join(map(re.escape, common))})\b(?![\w-])")
        for m in bare.finditer(text):
            spans[common[m.group(1)]].append((m.start(1), m.end(1)))
    return [_drop_nested(sorted(set(found))) for found in spans]


def _alternation(forms, flags: int = 0) -> re.Pattern[str]:
    """Any of `forms` as whole words, the longest first. A look-ahead for the forms' first letters leads: the
    same matches, but Python's `re` then skips the offsets where no form can start instead of trying every
    alternative there (0.12 -> 0.03 s over a 100,000-word text)."""
    forms = sorted(forms, key=len, reverse=True)
    firsts = {form[:1] for form in forms}
    lead = "" if "" in firsts else "(?=[" + "".join(map(re.escape, sorted(firsts))) + "])"
    return re.compile(lead + r"\b(?:" + "|".join(map(re.escape, forms)) + r")(?![\w-])", flags)


def _after_hyphen(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] == "-"


def _drop_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
