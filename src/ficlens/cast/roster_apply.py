"""A user's roster (`--cast FILE`) applied to the predicted cast, at the end of the cast step.

The roster is the authority on who is who:
- a form in `not_characters` names nobody: it leaves every character, and a character left with no name goes;
- every predicted character holding a form of one roster entry becomes that entry's character (several are
  merged into one, renamed to the roster's name, given the roster's gender); a predicted character holding
  forms of two entries is split, each form (and its mentions) going to its entry;
- an entry no predicted character holds is added, and every entry's forms are looked for in the story
  paragraphs (whole words, as written), so a name the parse missed still has its mentions;
- the alias "I" makes an entry the first-person narrator;
- `exclusive`: a predicted character holding no roster form is dropped, the narrator included, and so is any
  character the speaker rules would add later (its lines keep no speaker).
Forms are compared as name keys (`parse_name`): case, possessive and honorific do not matter, the title does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ficlens.cast.cast import Cast, Member
from ficlens.cast.mentions import add_form_mentions
from ficlens.cast.names import parse_name

if TYPE_CHECKING:
    from ficlens.analysis import Analysis
    from ficlens.roster import Roster, RosterCharacter

NARRATOR_KEY = "i"


@dataclass
class _Detached:
    """Forms (and their mentions) split off a predicted character that belong to another roster entry."""

    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)


def apply_roster(analysis: Analysis, cast: Cast) -> None:
    roster = analysis.roster
    if roster is None:
        return
    text = analysis.text
    _drop_forms(cast, {parse_name(form).key for form in roster.not_characters}, text)
    owner = _owners(roster)
    if NARRATOR_KEY in owner:
        cast.ensure_narrator()
    members, detached = _assign(cast, owner, text)
    if roster.exclusive:
        claimed = {index for indexes in members.values() for index in indexes}
        for index, _ in _live(cast):
            if index not in claimed:
                _drop(cast, index)
    for number, entry in enumerate(roster.characters):
        _settle(cast, entry, members.get(number, []), detached.get(number))
    _scan(analysis, cast, roster)
    cast.compile_vocatives()
    if roster.exclusive:
        cast.closed = len(cast.members)


def _owners(roster: Roster) -> dict[str, int]:
    """Name key -> roster entry; a form listed in two entries belongs to the first."""
    owner: dict[str, int] = {}
    for number, entry in enumerate(roster.characters):
        for form in entry.forms:
            key = parse_name(form).key
            if key:
                owner.setdefault(key, number)
    return owner


def _live(cast: Cast) -> list[tuple[int, Member]]:
    """Every character not merged into another or dropped (kept or not: a lookup can still find it)."""
    return [(i, m) for i, m in enumerate(cast.members) if i not in cast.merged and not cast.is_nobody(i)]


def _member_keys(cast: Cast, index: int) -> set[str]:
    member = cast.members[index]
    return member.keys | {parse_name(alias).key for alias in member.aliases}


def _assign(cast: Cast, owner: dict[str, int], text: str) -> tuple[dict[int, list[int]], dict[int, _Detached]]:
    """Roster entry -> the predicted characters that become it; forms split off to other entries."""
    members: dict[int, list[int]] = defaultdict(list)
    detached: dict[int, _Detached] = defaultdict(_Detached)
    for index, member in _live(cast):
        claims = {key: owner[key] for key in _member_keys(cast, index) if key in owner}
        if not claims:
            continue
        entries = set(claims.values())
        mention_entry = {span: owner.get(parse_name(text[span[0] : span[1]]).key) for span in member.mentions}
        weight = Counter(e for e in mention_entry.values() if e is not None)
        main = min(entries, key=lambda e: (-weight[e], e))
        members[main].append(index)
        for other in entries - {main}:
            moved = detached[other]
            for alias in [a for a in member.aliases if owner.get(parse_name(a).key) == other]:
                member.aliases.discard(alias)
                moved.aliases.add(alias)
            for key in [k for k, e in claims.items() if e == other]:
                _unbind(cast, index, key)  # bound again to the other entry's character when it is settled
            moved.mentions += [span for span, e in mention_entry.items() if e == other]
            cast.set_mentions(index, [span for span, e in mention_entry.items() if e != other])
            mention_entry = {span: e for span, e in mention_entry.items() if e != other}
    return members, detached


def _settle(cast: Cast, entry: RosterCharacter, indexes: list[int], moved: _Detached | None) -> None:
    """Make one character of an entry: merge its predicted characters, add what was split off to it, name it."""
    if cast.narrator in indexes:
        target = cast.narrator
    elif indexes:
        target = max(indexes, key=lambda i: (len(cast.members[i].mentions), -i))
    else:
        target = cast.add(entry.name)
    for index in indexes:
        if index != target:
            cast.merge(index, target)
    member = cast.members[target]
    if moved:
        member.aliases |= moved.aliases
        cast.set_mentions(target, member.mentions + moved.mentions)
    for form in entry.forms:
        parts = parse_name(form)
        if parts.key == NARRATOR_KEY or not parts.words:
            continue
        if parts.key not in member.keys:
            cast.bind(target, parts)
        cast.by_key[parts.key] = target  # the roster decides, whoever the parse gave the form to
    member.name = member.preferred = entry.name
    cast.settled.add(target)
    if entry.gender:
        member.gender = entry.gender


def _drop_forms(cast: Cast, keys: set[str], text: str) -> None:
    """Remove the `not_characters` forms from every character; one left with no name goes."""
    if not keys:
        return
    for index, member in _live(cast):
        if member.kind != "named" or not _member_keys(cast, index) & keys:
            continue
        member.aliases = {a for a in member.aliases if parse_name(a).key not in keys}
        cast.set_mentions(index, [s for s in member.mentions if parse_name(text[s[0] : s[1]]).key not in keys])
        for key in member.keys & keys:
            _unbind(cast, index, key)
        if not member.keys and not member.aliases:
            _drop(cast, index)
    for role in [r for r in cast.roles if r in keys]:
        del cast.roles[role]
    for word in [w for w in cast.by_vocative if parse_name(w).key in keys]:
        del cast.by_vocative[word]


def _unbind(cast: Cast, index: int, key: str) -> None:
    member = cast.members[index]
    member.keys.discard(key)
    member.parts = [p for p in member.parts if p.key != key]
    if cast.by_key.get(key) == index:
        del cast.by_key[key]


def _drop(cast: Cast, index: int) -> None:
    """A character that is nobody: no name, no mention, nothing that can find it again."""
    for key in list(cast.members[index].keys):
        _unbind(cast, index, key)
    member = cast.members[index]
    member.aliases, member.seeds = set(), set()
    cast.set_mentions(index, [])
    cast.dropped.add(index)
    if cast.narrator == index:
        cast.narrator = None
    for word in [w for w, i in cast.by_vocative.items() if i == index]:
        del cast.by_vocative[word]
    for role in [r for r, i in cast.roles.items() if i == index]:
        del cast.roles[role]


def _scan(analysis: Analysis, cast: Cast, roster: Roster) -> None:
    """Mentions of every roster form in the story paragraphs, outside the names already found: whole words, as
    written, or in any case for a form of several words ("the old cat" is "The old cat" at a sentence start)."""
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for entry in roster.characters:
        index = cast.by_key.get(parse_name(entry.name).key)
        if index is None:
            continue
        for form in entry.forms:
            if parse_name(form).key != NARRATOR_KEY:
                (folded if " " in form else exact).setdefault(form.lower() if " " in form else form, index)
    add_form_mentions(analysis, cast, exact, folded)
