"""A speaker known only by a description ("said the girl", "said the old gentleman") whom the others address by
name is that named character.

Novels name a familiar character in their tags by an epithet the narration keeps for them ("the girl" for a
girl the others call Nancy, "the painter" for Basil), while the speech around those lines uses the name:
"'Well, Nancy?' said the Jew. 'It's done,' said the girl." The line before an epithet's line that addresses
one character by name, and the reply after it that does, each vote for that name; when enough agree, the
unnamed character is merged into the named one, so its lines (and its later action beats) are theirs."""

from __future__ import annotations

from collections import Counter

from ficlens.cast.name_structure import member_gender
from ficlens.dialogue.context import Context
from ficlens.dialogue.lexicon import OTHER_WORDS, ROLE_GENDER

MIN_VOTES = 2
"""Lines that must name the same character before an epithet is theirs (one "Nancy" may greet someone else)."""
AGREEMENT = 2 / 3
"""The share of an epithet's votes its winner must have."""
_DEFINITE = ("the ", "his ", "her ")


def name_epithets(context: Context) -> None:
    """Merge each definite unnamed speaker into the named character its neighbours' vocatives agree on."""
    cast = context.cast
    quotes = context.analysis.quotes
    votes: dict[int, Counter] = {}
    for number, quote in enumerate(quotes):
        speaker = quote.speaker
        if speaker is None or not _epithet(context, speaker):
            continue
        for other in (number - 1, number + 1):
            named = _addressed(context, number, other, speaker) if 0 <= other < len(quotes) else None
            if named is not None:
                votes.setdefault(speaker, Counter())[named] += 1
    for epithet, counter in sorted(votes.items()):
        target, count = counter.most_common(1)[0]
        described = ROLE_GENDER.get(cast.members[epithet].name.lower().split()[-1])
        genders = {described, member_gender(cast, epithet), member_gender(cast, target)} - {None}
        if count >= MIN_VOTES and count >= AGREEMENT * sum(counter.values()) and len(genders) < 2:
            cast.merge(epithet, target)
            context.replace_member(epithet, target)
            for key, index in list(cast.unnamed.items()):
                if index == epithet:
                    cast.unnamed[key] = target


def _epithet(context: Context, index: int) -> bool:
    """An unnamed character under a definite description, not "the other" (one in each conversation)."""
    member = context.cast.members[index]
    name = member.name.lower()
    return member.kind == "unnamed" and name.startswith(_DEFINITE) and not OTHER_WORDS.intersection(name.split())


def _addressed(context: Context, number: int, neighbour: int, epithet: int) -> int | None:
    """The one named character the neighbouring line (of another paragraph, in the same conversation)
    addresses by name, if any."""
    quote, other = context.analysis.quotes[number], context.analysis.quotes[neighbour]
    if other.speaker == epithet or other.kind != "speech" or quote.kind != "speech":
        return None
    if other.para in (quote.para, quote.last_para) or other.last_para == quote.para:
        return None
    if context.conversation[neighbour] != context.conversation[number]:
        return None
    named = [v for v in other.vocatives if v not in (other.speaker, epithet)]
    if len(named) != 1 or context.cast.members[named[0]].kind != "named":
        return None
    return named[0]
