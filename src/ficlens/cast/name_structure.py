"""Merging forms that name one person, by the structure of names.

Runs after the first clustering, when every form has its mentions: it joins what clustering left apart.
- A name glued to capitalised common words before it ("Straw Hat Luffy", "Manor Hermione", "Pirate Hunter
  Zoro") or a rank after it ("Levi Heichou") is that name.
- A name with middle initials ("Monkey D. Luffy") is the same name without them.
- One word of exactly one full name, in either order ("Zoro" of "Roronoa Zoro", "Percy" of "Percy Jackson").
- A nickname of a given name (`nicknames`: "Chris" = "Christopher") or a short form of it ("Jess" = "Jessika").
- A chat username built on one character's name ("RockSolidBrock", "ErikaBlooms").
Two constraints hold for every merge: the genders agree (titles, pronouns, first-name lists) and the two
never appear in one sentence as two people ("Luffy and Monkey D. Luffy" cannot happen for one person).
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from nicknames import NickNamer
from wordfreq import zipf_frequency

from ficlens.cast.cast import Cast, Member
from ficlens.cast.gender import first_name_gender, is_first_name
from ficlens.cast.junk import COMMON_ZIPF, RANKS
from ficlens.cast.names import KNIGHTED, NICKNAME_OF, parse_name

SHORT_FORM_MIN = 3
"""A short form has at least this many letters ("Jess" for "Jessika"; "Jo" is too short to tell)."""
SHARED_SENTENCES = 2
"""Sentences naming both before two forms are taken for two people."""
SENTENCE_WINDOW = 200
"""How far apart (in characters) two mentions can be and still share a sentence worth checking."""
_DIMINUTIVE = {"y", "ie", "ey", "my", "ny", "dy", "ty", "ky", "by", "py", "gy", "sy", "zy", "ly"}
_GIVEN_TITLES = {"sir", "dame", "lady", "miss", "master", "uncle", "aunt"}
"""Titles English puts before a given name ("Sir Walter", "Lady Catherine", "Uncle Arthur")."""
_MARRIED = {"mrs", "madam", "madame", "mme"}
_FAMILY_TITLES = {"mr", "mrs", "miss", "ms", "mister", "madam", "madame", "monsieur", "mme", "mlle"}
_INITIAL = re.compile(r"^[A-Z]\.?$")
_CAMEL = re.compile(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])")
_SENTENCE_END = re.compile(r"[.!?…]\s|\n")
_QUOTE_MARK = re.compile(r"[\"“”]")
"""A vocative in a quotation and a name in its tag ("Lizzy," said Elizabeth's father) are no sentence."""
_IDENTITY_WORDS = {"is", "was", "aka", "alias", "called", "named", "as", "or", "also", "known", "a", "k"}


@cache
def _namer() -> NickNamer:
    return NickNamer()


@cache
def _same_given(a: str, b: str) -> bool:
    """Two given names of one person: a nickname of the other or a short form of it."""
    if a == b:
        return True
    if NICKNAME_OF.get(a) == b or NICKNAME_OF.get(b) == a:
        return True
    namer = _namer()
    if a[0] == b[0] and (b in namer.canonicals_of(a) or a in namer.canonicals_of(b)):
        return True  # the package's lists are loose ("Eliza" of "Louisa"): the curated list or one initial
    short, long = sorted((a, b), key=len)
    if len(short) < SHORT_FORM_MIN or len(long) <= len(short):
        return False
    if long.startswith(short):
        return (
            first_name_gender(long) is not None  # "Jess" of "Jessika"
            or long[len(short):] in _DIMINUTIVE  # "Sammy" of "Sam"
            or zipf_frequency(long, "en") < COMMON_ZIPF  # "Cas" of "Castiel"; not "Will" of "Willoughby"
        )
    # the end of a name no list knows ("Luc" of "Diluc", "Rion" of "Amarion"): the lists give the
    # known ones ("Beth" of "Elizabeth"), and "Anne" is not "Marianne"
    return long.endswith(short) and not is_first_name(long) and zipf_frequency(long, "en") < COMMON_ZIPF


def merge_by_name_structure(cast: Cast, text: str) -> list[str]:
    """Apply the rules in order; each merge is checked against gender and co-occurrence. Returns the names a
    handle's owner took that were no character of their own ("'Viridian_G' is Giovanni"): the caller adds
    their uses as mentions (`mentions.add_form_mentions`)."""
    declared_names: list[str] = []
    for rule in (_glued, _declared_handles(text, declared_names), _initials, _part_of_full_name, _titled_given, _nicknames,
                 _usernames, _eldest_daughter(text), _eldest_son(text)):
        for source, target in rule(cast):
            if source in cast.merged or target in cast.merged or source == target:
                continue
            declared = getattr(rule, "declared", False)  # "X is 'Handle'" says so outright
            # a short form's own entry in the name lists ("Nat": male) yields to its long form's ("Natasha")
            agree = _genders_agree(cast, source, target, lists=not (rule is _nicknames and _cut_short(cast, source, target)))
            if agree and (declared or not _share_a_sentence(cast, text, source, target)):
                glued = cast.members[source].parts if rule is _glued else []
                cast.merge(source, target)
                _keep_better_name(cast, source, target)
                _name_over_handle(cast.members[target])
                # "Straw Hat Luffy" stays an alias but is no full name: "Zoro" of "Hunter Zoro" is still free
                cast.members[target].parts = [p for p in cast.members[target].parts if p not in glued]
    _detach_family_titles(cast, text)  # after the merges: "Sir Walter" beside "Mr Elliot" shows two men
    return declared_names


def _detach_family_titles(cast: Cast, text: str) -> None:
    """"Mr. Surname" is the head of a family or its eldest son; a younger man is "Mr. Given Surname" or his
    given name. A "Mr. Emerson" that clustering gave to George Emerson but that is named beside him as another
    man ("Mr. Emerson and George") is George's father: it becomes a character of its own. The given name used
    alone is counted with him, and joins him once the father is off (it was kept apart for being named
    beside "Mr. Emerson")."""
    singles = _single_owner(cast)
    for index, member in _live(cast):
        family = {p.key for p in member.parts if p.title and p.gender == "male" and len(p.words) == 1}
        given = {p.key for p in member.parts if p.key not in family and (p.title is None or len(p.words) > 1)}
        if not family or not given:
            continue
        spans = {key: [] for key in family | given}
        for start, end in member.mentions:
            key = parse_name(text[start:end]).key
            if key in spans:
                spans[key].append((start, end))
        alone = sorted({singles[p.words[0].lower()] for p in member.parts if p.key in given and len(p.words) > 1
                        and p.title is None and singles.get(p.words[0].lower(), index) != index})
        alone = [i for i in alone if i not in cast.merged and _genders_agree(cast, i, index)
                 and all(_given_alone(p) for p in cast.members[i].parts)]
        titled = [span for key in family for span in spans[key]]
        named = [span for key in given for span in spans[key]] + [s for i in alone for s in cast.members[i].mentions]
        if named_together(text, titled, named) or addressed_by(text, named, titled) or addressed_by(text, titled, named):
            cast.detach(index, family, text)
            for single in alone:
                cast.merge(single, index)  # "George" is George Emerson, not his father


def _given_alone(part) -> bool:
    """A given name used alone, bare or after a title that goes before given names in the households of
    novels ("Mr. Charles", "Master Oliver", "Miss Rose": a younger son or daughter as the servants call them);
    not "Colonel X", whose one word is a family name."""
    return len(part.words) == 1 and (part.title is None or part.title in GIVEN_NAME_TITLES)


GIVEN_NAME_TITLES = {"mr", "mister", "master", "miss"}


def _live(cast: Cast) -> list[tuple[int, Member]]:
    return [(i, m) for i, m in enumerate(cast.members) if i not in cast.merged and m.kind == "named" and m.parts]


def _untitled_words(member: Member) -> list[tuple[str, ...]]:
    return [tuple(w.lower() for w in p.words) for p in member.parts if p.title is None]


def _single_owner(cast: Cast) -> dict[str, int]:
    """A one-word form -> the one member it is the whole untitled name of."""
    owners: dict[str, set[int]] = {}
    for index, member in _live(cast):
        for words in _untitled_words(member):
            if len(words) == 1:
                owners.setdefault(words[0], set()).add(index)
    return {word: next(iter(found)) for word, found in owners.items() if len(found) == 1}


def _is_glue(words: tuple[str, ...], singles: dict[str, int]) -> bool:
    """Leading words that are common English and no one's name ("Straw Hat", "Pirate Hunter", "Manor"); an
    initial is a given name cut short, never glue ("L. Malfoy" is not the "Malfoy" of "Draco Malfoy")."""
    return all(not _INITIAL.match(w.upper()) and zipf_frequency(w, "en") >= COMMON_ZIPF and w not in singles
               and first_name_gender(w) is None for w in words)


def _glued(cast: Cast):
    """"Straw Hat Luffy" -> "Luffy": leading words that are common English, or a trailing rank. A member
    holding both forms keeps the glued one as an alias only."""
    singles = _single_owner(cast)
    for index, member in _live(cast):
        forms = _untitled_words(member)
        if any(len(words) == 1 for words in forms):
            member.parts = [p for p in member.parts if not (
                p.title is None and len(p.words) > 1 and singles.get(p.words[-1].lower()) == index
                and _is_glue(tuple(w.lower() for w in p.words[:-1]), singles)
            )]
            continue
        for words in forms:
            target = singles.get(words[-1])
            if target is not None and _is_glue(words[:-1], singles):
                yield index, target
                break
            target = singles.get(words[0])
            if target is not None and len(words) == 2 and words[1] in RANKS:
                yield index, target
                break


_HANDLE = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+) (?:is|was|goes by|posts as|as) ['‘\"“](?P<handle>[\w.-]+)['’\"”]"
    r"|['‘\"“](?P<handle_first>[\w.-]+)['’\"”] (?:is|was) (?P<name_after>[A-Z][\w’-]+)\b"
)


def _declared_handles(text: str, declared_names: list[str]):
    """"Brock is 'RockSolidBrock'" or "'Viridian_G' is Giovanni": a name declared equal to a quoted handle."""
    pairs = [(m.group("handle") or m.group("handle_first"), m.group("name") or m.group("name_after"))
             for m in _HANDLE.finditer(text)]

    def rule(cast: Cast):
        for handle, name in pairs:
            source, target = cast.by_key.get(handle.lower()), cast.lookup(name)
            if source is not None and target is None and source not in cast.merged:
                cast.add_alias(source, name)  # the name was no character of its own (too little evidence)
                declared_names.append(name)
            elif source is not None and target is not None:
                yield source, target
    rule.declared = True
    return rule


def _initials(cast: Cast):
    """"Monkey D. Luffy" is "Monkey Luffy": a full name with middle initials joins the name without them."""
    by_words: dict[tuple[str, ...], set[int]] = {}
    for index, member in _live(cast):
        for words in _untitled_words(member):
            by_words.setdefault(words, set()).add(index)
    for index, member in _live(cast):
        for part in member.parts:
            inner = [w for w in part.words[1:-1] if _INITIAL.match(w)]
            if part.title or len(part.words) < 3 or not inner:
                continue
            bare = tuple(w.lower() for w in part.words if not _INITIAL.match(w) or w in (part.words[0], part.words[-1]))
            others = by_words.get(bare, set()) | by_words.get((bare[-1],), set())
            others.discard(index)
            if len(others) == 1:
                yield index, others.pop()
                break


DOMINANT_SHARE = 3
"""A shared given name alone is the holder mentioned this many times as often as the other holders together
("May" is May Welland, 25 mentions, beside "May Archer", 7: her married name; at 10 times, "May" stayed a
character of its own with 140 lines)."""
MIN_DOMINANT_MENTIONS = 10
"""...and at least this often ("Tom Bertram" 14 times beside one "Tom Oliver": "Tom" is Tom Bertram)."""


def _part_of_full_name(cast: Cast):
    """A one-word character that is one word of exactly one full name ("Zoro" of "Roronoa Zoro"), or a given
    name (never anyone's family name) of several, of which one is far the most mentioned (`_dominant`). A
    character also called "Mr. Given" ("Dorian", "Mr. Dorian") joins only by a given name."""
    holders: dict[str, set[int]] = {}
    given: set[str] = set()
    titled: set[str] = set()
    full_family: set[str] = set()
    for index, member in _live(cast):
        titled |= {p.words[-1].lower() for p in member.parts if p.title and p.words}  # "Mr. Cohn", "Miss Rose"
        for words in _untitled_words(member):
            if len(words) > 1:
                given.add(words[0])
                full_family.add(words[-1])
                for word in words:
                    if not _INITIAL.match(word.upper()):
                        holders.setdefault(word, set()).add(index)
    family = full_family | (titled - given)  # a titled word is a family name unless a full name starts with it
    for index, member in _live(cast):
        forms = _untitled_words(member)
        titles = [p for p in member.parts if p.title]
        if not forms or any(len(words) > 1 for words in forms) or not all(map(_given_alone, titles)) or titles and (
            any(words[0] not in given or words[0] in full_family for words in forms)
        ):
            continue
        owners = set().union(*(holders.get(words[0], set()) for words in forms)) - {index}
        if len(owners) == 1:
            yield index, owners.pop()
        elif owners and (not titles or all(words[0] not in family for words in forms)):
            dominant = _dominant(cast, owners)
            if dominant is not None:
                yield index, dominant


def _dominant(cast: Cast, owners: set[int]) -> int | None:
    """Of the full names that share a given name ("Robert Cohn", "Robert Prentiss"), the one the story is about:
    mentioned `DOMINANT_SHARE` times as often as the others together, and often. "Robert" alone is him."""
    counts = sorted(((len(cast.members[i].mentions), i) for i in owners), reverse=True)
    top, index = counts[0]
    rest = sum(count for count, _ in counts[1:])
    return index if top >= MIN_DOMINANT_MENTIONS and top >= DOMINANT_SHARE * rest else None


def _the_one(cast: Cast, holders: list[int]) -> int | None:
    """The one holder, or of several the one the story is about (`_dominant`); None when none is."""
    if len(holders) == 1:
        return holders[0]
    return _dominant(cast, set(holders)) if holders else None


def _titled_given(cast: Cast):
    """"Lady Catherine", "Miss Eliza", "Sir Walter" (also called "Walter"): a title before a given name (the
    first word of exactly one full name, or of the one full name with the same title, and nobody's family name)
    is that person; "Miss Bennet" before a family name stays apart."""
    first: dict[str, set[int]] = {}
    titled_first: dict[tuple[str | None, str], set[int]] = {}
    last: set[str] = set()
    for index, member in _live(cast):
        for part in member.parts:
            words = [w.lower() for w in part.words]
            if len(words) > 1:
                first.setdefault(words[0], set()).add(index)
                titled_first.setdefault((part.title, words[0]), set()).add(index)
                last.add(words[-1])
    for index, member in _live(cast):
        words = {p.words[0].lower() for p in member.parts if p.words}
        titles = {p.title for p in member.parts} - {None}
        if len(words) != 1 or not titles or any(len(p.words) != 1 for p in member.parts):
            continue
        if any(p.title is None for p in member.parts) and not titles & _GIVEN_TITLES:
            continue  # "Colonel Fitzwilliam", also "Fitzwilliam": a family name, not Fitzwilliam Darcy's given one
        owners = set().union(*(first.get(w, set()) for w in words)) - {index}
        if len(owners) > 1:  # "Sir Walter" is Sir Walter Elliot, not Walter Hartley
            owners = {i for t in titles for w in words for i in titled_first.get((t, w), ())} - {index}
        if len(owners) == 1 and not words & last:
            yield index, owners.pop()


def _given(member: Member) -> set[str]:
    return {words[0] for words in _untitled_words(member)}


def _nicknames(cast: Cast):
    """"Christopher" and "Chris Rodriguez", "Jess" and "Jessika Pava", "Eliza Bennet" and "Elizabeth Bennet":
    given names of one person."""
    live = _live(cast)
    full = {}
    for index, member in live:
        for words in _untitled_words(member):
            if len(words) == 2:
                full.setdefault(words[1], set()).add((words[0], index))
    for given_family in full.values():
        for given, index in given_family:
            fits = {other for other_given, other in given_family if other != index and other_given != given
                    and _same_given(given, other_given)}
            if len(fits) == 1 and len(cast.members[index].mentions) < len(cast.members[next(iter(fits))].mentions):
                yield index, fits.pop()
    for index, member in live:
        forms = _untitled_words(member)
        if not forms or any(len(p.words) > 1 or not _given_alone(p) for p in member.parts):
            continue  # "Colonel Fitzwilliam": a family name, no short form of "William"
        word = forms[0][0]
        fits = [other for other, m in live if other != index and any(
            _same_given(word, given) for given in _given(m) if given != word
        )]
        holder = _the_one(cast, fits)  # of several, the one the story is about ("Harry" is Lord Henry, not Henry VIII)
        if holder is not None:
            yield index, holder


YOUNGER_SISTER_USES = 3
"""The only woman of a family the text names in full, called "Miss Given" this often ("Miss Marianne" 15 times),
is a younger sister, never "Miss Surname"; once or twice ("Miss Fanny" once, where "Miss Price" is she 36
times) tells nothing. Of several, once is enough ("Miss Helen Schlegel": Margaret is "Miss Schlegel")."""


def _given_title_uses(cast: Cast, text: str, index: int, family: set[str], titles: set[str]) -> int:
    """How often member `index` is named "Miss Given" or "Mr. Given" (one of `titles` before a word that is no
    family name of `family`)."""
    keys = {p.key for p in cast.members[index].parts if p.title in titles and p.words[0].lower() not in family}
    return sum(parse_name(text[start:end]).key in keys for start, end in cast.members[index].mentions) if keys else 0


def _eldest_daughter(text: str):
    """"Miss Surname" is the eldest unmarried daughter of the family; her sisters are "Miss Given (Surname)".
    So "Miss Price" is the one unmarried woman of the Prices the text names in full ("Fanny Price") and does not
    call "Miss Given" (`YOUNGER_SISTER_USES`: "Miss Bennet" is Jane when Elizabeth is "Miss Elizabeth"), or, of
    several left, the one the story is about."""

    def rule(cast: Cast):
        daughters: dict[str, list[int]] = {}
        for index, member in _live(cast):
            if any(p.title in _MARRIED for p in member.parts) or member_gender(cast, index) == "male":
                continue
            for part in member.parts:
                if len(part.words) > 1 and part.title in (None, "miss"):
                    daughters.setdefault(part.words[-1].lower(), []).append(index)
        for index, member in _live(cast):
            if not all(p.title == "miss" and len(p.words) == 1 for p in member.parts):
                continue
            family = {p.words[0].lower() for p in member.parts}
            sisters = sorted({i for name in family for i in daughters.get(name, ()) if i != index})
            # of several, a "Miss Given" is a younger sister; one alone only if often so called
            least = 1 if len(sisters) > 1 else YOUNGER_SISTER_USES
            sisters = [i for i in sisters if _given_title_uses(cast, text, i, family, {"miss"}) < least]
            eldest = _the_one(cast, sisters)  # "May Welland" beside a mentioned "Augusta Welland"
            if eldest is not None:
                yield index, eldest
    return rule


def _eldest_son(text: str):
    """"Mr. Surname" in a family whose father has a rank ("Sir Thomas Bertram") is the father's heir: the one
    other man of the family the text names in full and never calls "Mr. Given" ("Mr. Edmund" is a younger son;
    "Mr. Bertram" is Tom Bertram)."""

    def rule(cast: Cast):
        ranked: set[str] = set()
        sons: dict[str, list[int]] = {}
        for index, member in _live(cast):
            if member_gender(cast, index) == "female":
                continue
            fathers = {p.words[-1].lower() for p in member.parts if p.title in KNIGHTED and len(p.words) > 1}
            ranked |= fathers
            if not fathers:
                for family_name in {words[-1] for words in _untitled_words(member) if len(words) > 1}:
                    sons.setdefault(family_name, []).append(index)
        for index, member in _live(cast):
            if not member.parts or not all(p.title in ("mr", "mister") and len(p.words) == 1 for p in member.parts):
                continue
            family = {p.words[0].lower() for p in member.parts}
            heirs = [i for name in family & ranked for i in sons.get(name, ())
                     if i != index and _given_title_uses(cast, text, i, family, GIVEN_NAME_TITLES) == 0]
            if len(heirs) == 1:
                yield index, heirs[0]

    return rule


def _usernames(cast: Cast):
    """A chat handle ("RockSolidBrock", "ErikaBlooms", "LtSurge") built on exactly one character's name."""
    words = _word_owner(cast)
    for index, member in _live(cast):
        if len(member.parts) != 1 or len(member.parts[0].words) != 1:
            continue
        owner = _built_on(words, member.parts[0].words[0], index)
        if owner is not None:
            yield index, owner


def handle_owner(cast: Cast, handle: str) -> int | None:
    """The one character a chat handle the cast does not know is built on: a word of exactly one character's
    names ("TENYA_IIDA_CLASS_REP": Iida Tenya, "CaptainRogers": Steve Rogers, "MHill": Maria Hill)."""
    return _built_on(_word_owner(cast), handle, None)


def _word_owner(cast: Cast) -> dict[str, int]:
    """A word of a name (given, family, or a one-word name) -> the one member whose untitled names hold it."""
    owners: dict[str, set[int]] = {}
    for index, member in _live(cast):
        for words in _untitled_words(member):
            for word in words:
                if not _INITIAL.match(word.upper()):
                    owners.setdefault(word, set()).add(index)
    return {word: next(iter(found)) for word, found in owners.items() if len(found) == 1}


def _built_on(words: dict[str, int], handle: str, itself: int | None) -> int | None:
    """The one member (not `itself`) a word of whose names is a piece of `handle` (split at capitals, digits
    and marks), when the handle has two pieces or more."""
    pieces = [p.lower() for p in _CAMEL.findall(handle)]
    if len(pieces) < 2:
        return None
    owners = {words[p] for p in pieces if p in words} - {itself}
    return owners.pop() if len(owners) == 1 else None


def member_gender(cast: Cast, index: int) -> str | None:
    """What the text says (titles, pronouns), else what the first-name lists say."""
    known = cast.provisional_gender(index)
    if known:
        return known
    guesses = {first_name_gender(words[0]) for words in _untitled_words(cast.members[index])} - {None}
    return guesses.pop() if len(guesses) == 1 else None


def _cut_short(cast: Cast, short: int, long: int) -> bool:
    """Every name of `short` is the start of a given name of `long` ("Nat" of "Natasha Romanov"); "Regina"
    is no short form of "Reggie"."""
    givens = [words[0] for words in _untitled_words(cast.members[long])]
    forms = _untitled_words(cast.members[short])
    return bool(forms) and all(
        len(words) == 1 and any(g.startswith(words[0]) and g != words[0] for g in givens) for words in forms
    )


def _genders_agree(cast: Cast, a: int, b: int, lists: bool = True) -> bool:
    """No two known genders differ; `lists`: a first name's gender in the lists counts as known for `a`."""
    first = member_gender(cast, a) if lists else cast.provisional_gender(a)
    second = member_gender(cast, b)
    return first is None or second is None or first == second


def _share_a_sentence(cast: Cast, text: str, a: int, b: int) -> bool:
    return named_together(text, cast.members[a].mentions, cast.members[b].mentions)


def named_together(text: str, spans_a: list[tuple[int, int]], spans_b: list[tuple[int, int]]) -> bool:
    """Both named in one sentence with words between them ("Luffy grinned at Monkey D. Luffy", "Charles and Mr.
    Wilcox"), in more than one sentence: once is too often a name inside a quoted message ("you owe me one,
    Sammy" on Sam's pillow)."""
    seen = 0
    spans_b = sorted(spans_b)
    starts_b = [s for s, _ in spans_b]
    for start, end in spans_a:
        lo = bisect.bisect_left(starts_b, start - SENTENCE_WINDOW)
        hi = bisect.bisect_right(starts_b, end + SENTENCE_WINDOW)
        for other_start, other_end in spans_b[lo:hi]:
            left, right = (end, other_start) if other_start >= end else (other_end, start)
            if left >= right:
                continue
            gap = text[left:right]
            words = [w for w in re.findall(r"\w+", gap.lower()) if w not in _IDENTITY_WORDS]
            if not _SENTENCE_END.search(gap) and not _QUOTE_MARK.search(gap) and (len(words) >= 2 or words == ["and"]):
                seen += 1
                if seen >= SHARED_SENTENCES:
                    return True
    return False


_CALLED_OUT = re.compile(r"[^\w\"“”\n]{0,3}[\"”]\s*[a-z]+\s+$")
"""The gap in '"George!" cried Mr. Emerson': the end of a line that names one, and a tag naming the other."""


def addressed_by(text: str, called: list[tuple[int, int]], speakers: list[tuple[int, int]]) -> bool:
    """Whether a line ends on one name and its tag names the other ('"George!" cried Mr. Emerson'): one who
    calls another by name is not that other. A possessive in the tag ("said George's father") is no speaker."""
    starts = {start for start, end in speakers if not text.startswith(("'s", "’s"), end)}
    return any(_CALLED_OUT.match(text, end, start)
               for _, end in called for start in range(end + 4, end + 24) if start in starts)


def _name_over_handle(member: Member) -> None:
    """A handle ("ErikaBlooms") used more often than the name is still not the character's name."""
    handles = [p for p in member.parts if any(len(_CAMEL.findall(w)) > 1 for w in p.words)]
    plain = [p for p in member.parts if p.title is None and p.words and p not in handles]
    if plain and handles and not member.preferred:
        member.preferred = " ".join(max(plain, key=lambda p: len(p.words)).words)


def _keep_better_name(cast: Cast, source: int, target: int) -> None:
    """The merged character keeps a work tag's or pack's name whichever side it came from."""
    old, new = cast.members[source], cast.members[target]
    new.seeds |= old.seeds
    new.preferred = new.preferred or old.preferred
    new.pack = new.pack or old.pack
    new.gender = new.gender or old.gender
    new.gender_votes.update(old.gender_votes)


ROLE_LEAD = 2
"""How many times more mentions the leading holder of a rank needs before "the Admiral" means them."""


def rank_roles(cast: Cast) -> None:
    """"said the Admiral" in a story of three admirals is the one it is about: a rank alone names the holder
    with at least twice the mentions of any other (Mr., Mrs. and Miss are never used alone)."""
    holders: dict[str, list[int]] = {}
    for index, member in _live(cast):
        for title in {p.title for p in member.parts if p.title and p.title not in _FAMILY_TITLES}:
            holders.setdefault(title, []).append(index)
    for title, indexes in holders.items():
        ranked = sorted(indexes, key=lambda i: -len(cast.members[i].mentions))
        runner_up = len(cast.members[ranked[1]].mentions) if len(ranked) > 1 else 0
        if title not in cast.roles and len(cast.members[ranked[0]].mentions) >= ROLE_LEAD * runner_up:
            cast.roles[title] = ranked[0]
