"""Name forms merged into characters: full names, titled forms, single names."""

from __future__ import annotations

from ficlens.cast.cast import Cast, Member
from ficlens.cast.gender import first_name_gender, leaning_gender
from ficlens.cast.name_structure import member_gender
from ficlens.cast.names import KNIGHTED, NICKNAME_OF, NameParts, display_form
from ficlens.cast.packs import Pack


def cluster_forms(cast: Cast, forms: list[NameParts], pack: Pack | None) -> None:
    """Merge forms into characters: full names first, then titled forms, then single names."""
    pending = [f for f in forms if f.key not in cast.by_key]
    full = [f for f in pending if f.title is None and len(f.words) > 1]
    titled = sorted((f for f in pending if f.title is not None), key=lambda f: -len(f.words))
    single = [f for f in pending if f.title is None and len(f.words) == 1]
    for parts in full:
        same = next((i for i, m in enumerate(cast.members)
                     if any(set(p.words) == set(parts.words) for p in m.parts)), None)
        if same is None:
            same = _seeded_holder(cast, parts, pack)
        if same is None:
            same = cast.add(" ".join(parts.words))
        cast.bind(same, parts)
    for parts in titled:
        fits = [i for i, m in enumerate(cast.members) if m.kind == "named" and _title_fits(cast, i, m, parts)]
        if len(fits) > 1 and parts.gender:
            fits = ([i for i in fits if cast.provisional_gender(i) == parts.gender]
                    or [i for i in fits if _leaning(cast.members[i]) in (None, parts.gender)] or fits)
        if len(fits) == 1:
            cast.bind(fits[0], parts)
        else:
            index = cast.add(display_form(parts.surface))
            cast.bind(index, parts)
    for parts in single:
        word = parts.words[0].lower()
        found = cast.lookup(parts.words[0])
        if found is not None and _other_gender(cast.members[found], word):
            found = None  # "Charles" is not "Mrs Charles" (his wife)
        if found is None and word in NICKNAME_OF:  # "Tom" is never "Sir Thomas": that is his father
            formal = [i for i in cast.with_given_name(NICKNAME_OF[word])
                      if not any(p.title in KNIGHTED for p in cast.members[i].parts)]
            found = formal[0] if len(formal) == 1 else None
        if found is None:
            given = cast.with_given_name(word)
            found = given[0] if len(given) == 1 else None
        if found is None:
            found = cast.add(parts.words[0])
        cast.bind(found, parts)


def _other_gender(member: Member, word: str) -> bool:
    """A first name of one gender for certain, and a member titled as the other."""
    gender = first_name_gender(word)
    return gender is not None and any(p.gender and p.gender != gender for p in member.parts)


def _leaning(member: Member) -> str | None:
    """The gender the member's given names lean to ("Mr. Crawford" is Henry Crawford, not Mary Crawford, when
    the text has not yet told either's gender)."""
    leanings = {leaning_gender(p.words[0]) for p in member.parts if p.title is None and len(p.words) > 1} - {None}
    return leanings.pop() if len(leanings) == 1 else None


def _seeded_holder(cast: Cast, parts: NameParts, pack: Pack | None) -> int | None:
    """The character a full name belongs to when a pack or the work's tags named it by one word of it:
    "Elizabeth Bennet" after a pack's "Elizabeth", "Kaeya Alberich" after the tag "Kaeya", "Midoriya Izuku"
    after "Izuku". Without a seed, two full names sharing a given name stay two people (John Dashwood and John
    Willoughby)."""
    if pack:
        return cast.lookup(parts.words[0])
    holders = {cast.lookup(word) for word in (parts.words[0], parts.words[-1])} - {None}
    if len(holders) != 1:
        return None
    holder = holders.pop()
    member = cast.members[holder]
    own_full = any(p.title is None and len(p.words) > 1 for p in member.parts)
    return holder if member.seeds and not own_full else None


def _title_fits(cast: Cast, index: int, member: Member, parts: NameParts) -> bool:
    """Whether a titled form names this member.

    The same words always fit ("Miss Elizabeth Bennet" is Elizabeth Bennet). A man's title with a family
    name fits a man of that family ("Mr. Darcy" is Fitzwilliam Darcy). A woman's title with a family name
    alone does not fit a woman known by her given name: "Mrs. Dashwood", "Miss Dashwood" and "Marianne
    Dashwood" are three people, and "Mrs. John Dashwood" is John's wife."""
    words = [w.lower() for w in parts.words]
    if not _gender_fits(cast, index, parts):
        return False
    if any(p.title and p.gender and p.gender != parts.gender for p in member.parts):
        return False
    if any([w.lower() for w in p.words] == words and (p.title in (None, parts.title) or (
        parts.gender != "female" and p.gender != "female")) for p in member.parts
    ):
        return True  # the same words; "Doctor Losberne" is "Mr. Losberne", but "Mrs. X" is not "Mr. X"
    if parts.gender == "female" or len(words) != 1:
        return False
    if parts.title in ("mr", "mister") and any(p.title in KNIGHTED for p in member.parts):
        return False  # Sir Walter Elliot is never "Mr Elliot": that is another Elliot (his heir)
    return any(len(p.words) > 1 and p.words[-1].lower() == words[0] for p in member.parts)


def _gender_fits(cast: Cast, index: int, parts: NameParts) -> bool:
    """A form's title gender must agree with what is known of the member, its first-name lists included; a
    gender only the pronouns after the form give is checked against the text's own evidence, never against the
    lists ("Dr. Panna Lal", twice "his", is Panna Lal whatever the lists say of "Panna")."""
    if parts.gender:
        known = member_gender(cast, index)  # name_structure.py: titles, pronouns, else first-name lists
        return known is None or known == parts.gender
    gender = cast.form_gender(parts.key)
    known = cast.provisional_gender(index)
    return gender is None or known is None or known == gender
