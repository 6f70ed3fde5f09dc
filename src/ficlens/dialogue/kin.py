"""Relatives named through someone else ("said his wife", "cried her father"): English prose names a family by
its family name, so a man's wife is the story's one "Mrs. Surname" of his family name, a woman's husband its
"Mr. Surname", and the mother or father of a young person (one not titled Mr. or Mrs. themselves) the same;
a brother or sister shares the family name under a given name; and an aunt, uncle or grandparent is often
called by the kin word as a title ("Aunt Juley"), the story's one of that title."""

from __future__ import annotations

from ficlens.cast.cast import Cast
from ficlens.cast.name_structure import member_gender

_SPOUSE_TITLES = {"wife": "mrs", "husband": "mr"}
_PARENT_TITLES = {"mother": "mrs", "mamma": "mrs", "mama": "mrs", "mum": "mrs", "mom": "mrs",
                  "father": "mr", "papa": "mr", "dad": "mr"}
_SIBLING_GENDERS = {"brother": "male", "sister": "female"}
_KIN_TITLES = {"aunt": {"aunt", "auntie"}, "uncle": {"uncle"}, "grandmother": {"grandmother", "grandma", "granny"},
               "grandfather": {"grandfather", "grandpa"}}
_GROWN_TITLES = {"mr", "mrs"}
"""A Mr. or Mrs. Surname's own mother or father is seldom the story's Mrs. or Mr. of that name."""


def relative_by_family_name(cast: Cast, owner: int, noun: str) -> int | None:
    """The one character the kin noun names through the owner's family name, or None when the noun is no
    kin noun this knows (spouse, parent, sibling, aunt, uncle, grandparent), the owner has no family name, or the story has none or several of that title and name."""
    if noun in _KIN_TITLES:
        titled = [i for i, m in cast.kept() if i != owner and any(p.title in _KIN_TITLES[noun] for p in m.parts)]
        return titled[0] if len(titled) == 1 else None
    if noun in _SIBLING_GENDERS:
        return _sibling(cast, owner, _SIBLING_GENDERS[noun])
    title = _SPOUSE_TITLES.get(noun) or _PARENT_TITLES.get(noun)
    member = cast.members[owner]
    if title is None or noun in _PARENT_TITLES and any(p.title in _GROWN_TITLES for p in member.parts):
        return None
    families = member.family_names
    found = [
        index for index, other in cast.kept()
        if index != owner and other.kind == "named"
        and any(p.title == title and p.words and p.words[-1].lower() in families for p in other.parts)
    ]
    return found[0] if len(found) == 1 else None


def _sibling(cast: Cast, owner: int, gender: str) -> int | None:
    """The one other named character of the gender who bears the owner's family name after a given name
    ("Mary Crawford" for Henry Crawford's sister; a "Mrs. Crawford" alone is a wife or mother)."""
    families = cast.members[owner].family_names
    found = [
        index for index, other in cast.kept()
        if index != owner and other.kind == "named" and member_gender(cast, index) == gender
        and any(len(p.words) > 1 and p.words[-1].lower() in families for p in other.parts)
    ]
    return found[0] if len(found) == 1 else None
