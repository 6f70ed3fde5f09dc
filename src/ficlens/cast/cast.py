"""The cast layer: characters, the surface forms that name them, and where they are mentioned.

Every step that adds a character, an alias or a mention, or merges two characters, goes through a `Cast`
method: the mention index (which member a span of text names) then stays true without anyone refreshing it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ficlens.cast.gender import parts_gender
from ficlens.cast.names import NameParts, display_form, parse_name
from ficlens.cast.packs import PackCharacter
from ficlens.model import CharacterKind, Gender

Mention = tuple[int, int, int]
"""start, end, member index."""


@dataclass
class Member:
    name: str
    kind: CharacterKind = "named"
    gender: Gender | None = None
    aliases: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    pack: PackCharacter | None = None
    parts: list[NameParts] = field(default_factory=list)
    gender_votes: Counter = field(default_factory=Counter)
    seeds: set[str] = field(default_factory=set)
    """Forms a fandom pack or the work's tags give, looked for in the text even where the parse saw no name."""
    preferred: str | None = None
    """The canonical name a work's character tag gives."""
    evidence: set[str] = field(default_factory=set)
    """Why the member is a character (`model.CastEvidence`): a name with none, never speaking or spoken to,
    is only a capitalised word."""

    @property
    def given_names(self) -> set[str]:
        return {p.words[0].lower() for p in self.parts if len(p.words) > 1 or (p.title is None and p.words)}

    @property
    def family_names(self) -> set[str]:
        return {p.words[-1].lower() for p in self.parts if len(p.words) > 1 or (p.title and p.words)}


NARRATOR = "I (narrator)"


class Cast:
    """Members and the lookup from a surface form to the member it names."""

    def __init__(self) -> None:
        self.members: list[Member] = []
        self.by_key: dict[str, int] = {}
        self.by_vocative: dict[str, int] = {}
        self.vocative_pattern: re.Pattern[str] | None = None
        self.unnamed: dict[str, int] = {}
        self.narrator: int | None = None
        self.speakers: set[int] = set()
        """Members who speak or are spoken to: kept in the story model even without a name mention."""
        self.merged: dict[int, int] = {}
        self.dropped: set[int] = set()
        """Characters a roster says are nobody (`cast.roster_apply`)."""
        self.settled: set[int] = set()
        """Characters a roster settled: later rules never merge them away, nor name a settled narrator again."""
        self.closed: int | None = None
        """Set by an exclusive roster: members added from this index on (new names the speaker rules meet) are
        nobody, so their lines keep no speaker."""
        self.form_votes: dict[str, Counter] = {}
        self.is_common_word: Callable[[str], bool] = lambda word: False
        self.roles: dict[str, int] = {}
        """Role nouns that describe one character ("beadle" for Mr. Bumble), from appositions."""
        self._mentions: list[Mention] | None = None
        self._given: dict[str, set[int]] = {}
        self._family: dict[str, set[int]] = {}
        """First and last name words -> the members that have had such a name form, added to by `bind` and
        `merge` (a scan of every member per single-word look-up grew with the square of a long novel's cast)."""
        self._mention_starts: list[int] = []

    # --- changes: each keeps the mention index true --------------------------------------------------------

    def add(
        self,
        name: str,
        kind: CharacterKind = "named",
        gender: str | None = None,
        pack: PackCharacter | None = None,
        parts: NameParts | None = None,
    ) -> int:
        """A new member (with the name form `parts` bound to it, when given); its index."""
        self.members.append(Member(name=name, kind=kind, gender=gender, pack=pack))
        index = len(self.members) - 1
        if parts is not None:
            self.bind(index, parts)
        return index

    def add_late(self, name: str, parts: NameParts) -> int:
        """A member a later step finds (a chat handle's owner, a name a tag, a legend or a POV title gives),
        with `parts` bound and the gender the name itself tells: the cast step's pronoun votes and first-name
        guesses are over ("sabrina" of a group chat is a woman)."""
        return self.add(name, gender=parts_gender(parts), parts=parts)

    def add_mention(self, index: int, span: tuple[int, int], alias: str | None = None) -> None:
        """A span of the text that names member `index` (as `alias`, when the form is new to it)."""
        member = self.members[index]
        member.mentions.append(span)
        if alias is not None:
            member.aliases.add(alias)
        self._index_mentions(index, [span])

    def set_mentions(self, index: int, spans: list[tuple[int, int]]) -> None:
        """Member `index` is mentioned exactly at `spans` (a roster moves or drops mentions)."""
        self.members[index].mentions = list(spans)
        self._mentions = None

    def note_speakers(self, indices: Iterable[int | None]) -> None:
        """Members who speak or are addressed: they stay in the story model."""
        self.speakers.update(i for i in indices if i is not None)

    def bind(self, index: int, parts: NameParts) -> None:
        member = self.members[index]
        member.keys.add(parts.key)
        member.parts.append(parts)
        self._index_names(index, parts)
        self.by_key.setdefault(parts.key, index)
        if parts.gender:
            member.gender_votes[parts.gender] += 3
        member.gender_votes.update(self.form_votes.get(parts.key, Counter()))

    def add_alias(self, index: int, surface: str, spans: list[tuple[int, int]] = ()) -> None:
        parts = parse_name(surface)
        if parts.key not in self.by_key:
            self.bind(index, parts)
        member = self.members[index]
        member.aliases.add(display_form(surface))
        member.mentions.extend(spans)
        self._index_mentions(index, spans)

    def merge(self, source: int, target: int) -> None:
        """Fold `source` into `target` (a nickname found to name an existing character)."""
        old, new = self.members[source], self.members[target]
        new.aliases |= old.aliases
        new.mentions.extend(old.mentions)
        for parts in old.parts:
            self._index_names(target, parts)
        new.parts.extend(old.parts)
        new.keys |= old.keys
        new.evidence |= old.evidence
        for key in old.keys:
            self.by_key[key] = target
        if new.kind == "narrator" and new.name == NARRATOR and old.kind == "named":
            new.name = f"{old.name} (narrator)"  # the narrator has a name now: "Jake (narrator)"
        old.aliases, old.mentions, old.keys, old.parts = set(), [], set(), []
        self.merged[source] = target
        self._mentions = None

    def detach(self, index: int, keys: set[str], text: str) -> int:
        """Move the name forms `keys` of member `index`, with their mentions, to a new member (a form found to
        name someone else: "Mr. Emerson" is George Emerson's father); the new member's index."""
        old = self.members[index]
        moved = [p for p in old.parts if p.key in keys]
        spans = [s for s in old.mentions if parse_name(text[s[0] : s[1]]).key in keys]
        new = self.add(display_form(moved[0].surface))
        for parts in moved:
            self.bind(new, parts)
            self.by_key[parts.key] = new
        old.parts = [p for p in old.parts if p.key not in keys]
        old.keys -= keys
        old.aliases = {a for a in old.aliases if parse_name(a).key not in keys}
        old.mentions = [s for s in old.mentions if s not in spans]
        self.members[new].mentions = spans
        self.members[new].aliases = {display_form(text[s:e]) for s, e in spans}
        self.members[new].evidence = set(old.evidence)
        self._mentions = None
        return new

    # --- the mention index ---------------------------------------------------------------------------------

    @property
    def mentions(self) -> list[Mention]:
        """Every mention of every member, sorted by position."""
        if self._mentions is None:
            self._mentions = sorted((s, e, i) for i, m in enumerate(self.members) for s, e in m.mentions)
            self._mention_starts = [s for s, _, _ in self._mentions]
        return self._mentions

    def _index_mentions(self, index: int, spans: Iterable[tuple[int, int]]) -> None:
        """New mentions go into the sorted index where they belong (a full re-sort after each new mention
        grew with the square of a long novel's mentions)."""
        if self._mentions is None:
            return
        for start, end in spans:
            position = bisect.bisect_right(self._mentions, (start, end, index))
            self._mentions.insert(position, (start, end, index))
            self._mention_starts.insert(position, start)

    def member_at(self, offset: int) -> int | None:
        """The member whose mention covers `offset`."""
        mentions = self.mentions
        position = bisect.bisect_right(self._mention_starts, offset) - 1
        if position >= 0:
            start, end, index = mentions[position]
            if start <= offset < end:
                return index
        return None

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end)."""
        mentions = self.mentions
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return mentions[lo:hi]

    # --- look-ups ------------------------------------------------------------------------------------------

    def lookup(self, surface: str) -> int | None:
        """The member a surface form names, or None when it names nobody or is ambiguous."""
        parts = parse_name(surface)
        if not parts.words:
            return None
        found = self.by_key.get(parts.key)
        if found is not None:
            return found
        if parts.title:
            found = self.by_key.get(" ".join(parts.words).lower())
            if found is not None and _compatible(self.members[found], parts):
                return found
            return None
        if len(parts.words) == 1:
            return self._single_word(parts.words[0].lower())
        return None

    def _index_names(self, index: int, parts: NameParts) -> None:
        if len(parts.words) > 1 or (parts.title is None and parts.words):
            self._given.setdefault(parts.words[0].lower(), set()).add(index)
        if len(parts.words) > 1 or (parts.title and parts.words):
            self._family.setdefault(parts.words[-1].lower(), set()).add(index)

    def with_given_name(self, word: str) -> list[int]:
        """The members with a name form whose first name is `word` (lower case), in order."""
        # The index holds every member that ever had the name (a form can be unbound elsewhere): confirm each.
        return sorted(i for i in self._given.get(word, ()) if word in self.members[i].given_names)

    def _single_word(self, word: str) -> int | None:
        given = self.with_given_name(word)
        family = sorted(i for i in self._family.get(word, ()) if word in self.members[i].family_names)
        if len(given) == 1:
            titled = [i for i in family if i != given[0] and _titled_surname(self.members[i], word)]
            if len(titled) == 1 and _called_mister(self.members[given[0]]) and not _alone(self.members[given[0]], word):
                return titled[0]  # "said Fitzwilliam" is Colonel Fitzwilliam, not Mr. (Fitzwilliam) Darcy
            return given[0]
        if len(family) == 1:
            return family[0]
        males = [i for i in family if self.provisional_gender(i) == "male"]
        if len(males) == 1:
            return males[0]
        return None

    def unnamed_member(self, description: str, fresh: bool, scope: str | None = None) -> int:
        """A speaker known only by a description; `fresh` ("a villager") always makes a new one, except that
        within a `scope` (a conversation) the same description is always the same member. A line break inside
        it is a space ("the\nother" is "the other")."""
        description = display_form(description)
        scoped = f"{description}{scope}".lower() if scope is not None else None
        if scoped is not None and scoped in self.unnamed:
            return self.unnamed[scoped]
        key = description.lower()
        for article in ("a ", "an ", "the ", "another ", "one "):
            if key.startswith(article):
                key = key[len(article) :]
                break
        if not fresh and key in self.unnamed:
            return self.unnamed[key]
        name = description.strip()
        index = self.add(name, kind="unnamed")
        self.members[index].aliases.add(description.strip())
        self.unnamed[key] = index
        if scoped is not None:
            self.unnamed[scoped] = index
        return index

    def ensure_narrator(self) -> int:
        if self.narrator is None:
            self.narrator = self.add(NARRATOR, kind="narrator")
            self.members[self.narrator].aliases.add("I")
            self.members[self.narrator].evidence.add("narrator")
        return self.narrator

    def kept(self) -> list[tuple[int, Member]]:
        return [
            (i, m) for i, m in enumerate(self.members)
            if i not in self.merged and not self.is_nobody(i) and not is_unnamed_voice(m)
            and (i in self.speakers or (m.mentions and m.kind == "named" and (m.evidence or m.preferred))
                 or (m.mentions and m.kind == "narrator"))
        ]

    def is_nobody(self, index: int) -> bool:
        return index in self.dropped or (self.closed is not None and index >= self.closed)

    def compile_vocatives(self) -> None:
        """The pattern that finds the known vocatives ("dobe", "Kit") in a quotation."""
        if not self.by_vocative:
            self.vocative_pattern = None
            return
        words = sorted(self.by_vocative, key=len, reverse=True)
        self.vocative_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)

    def public_ids(self) -> dict[int, str]:
        return {index: f"c{number}" for number, (index, _) in enumerate(self.kept())}

    def provisional_gender(self, index: int) -> str | None:
        member = self.members[index]
        return member.gender or _majority(member.gender_votes)

    def form_gender(self, key: str) -> str | None:
        return _majority(self.form_votes.get(key, Counter()))

    def settle_genders(self) -> None:
        """A title decides (Mrs. Mann is a woman whatever pronouns follow her name); else the pronouns."""
        for member in self.members:
            titled = {p.gender for p in member.parts if p.gender}
            if not member.gender and len(titled) == 1:
                member.gender = titled.pop()
            member.gender = member.gender or _majority(member.gender_votes)


UNLISTED_HEADS = frozenset({
    "voice", "voices", "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody",
})
"""What an unnamed speaker may be called without being a character: a voice heard ("a rough, low voice")
or an indefinite pronoun; its lines keep no speaker until a later rule names it."""


def is_unnamed_voice(member: Member) -> bool:
    words = member.name.lower().split()
    return member.kind == "unnamed" and bool(words) and words[-1].strip(".,;:!?") in UNLISTED_HEADS


def _majority(votes: Counter) -> str | None:
    if not votes:
        return None
    (top, count), total = votes.most_common(1)[0], sum(votes.values())
    return top if count >= 2 and count >= 0.65 * total else None


def _titled_surname(member: Member, word: str) -> bool:
    """The member is called by a title and `word` alone ("Colonel Fitzwilliam")."""
    return any(p.title and len(p.words) == 1 and p.words[0].lower() == word for p in member.parts)


def _called_mister(member: Member) -> bool:
    """A man known as "Mr. Surname", whom the narration does not call by his given name alone."""
    return any(p.title in ("mr", "mister") and len(p.words) == 1 for p in member.parts)


def _alone(member: Member, word: str) -> bool:
    """The member is called by `word` alone, untitled."""
    return any(p.title is None and len(p.words) == 1 and p.words[0].lower() == word for p in member.parts)


def _compatible(member: Member, parts: NameParts) -> bool:
    gender = parts.gender
    return gender is None or member.gender in (None, gender)
