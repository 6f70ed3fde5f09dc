"""A described speaker named by its scene: "said the girl" in a scene whose one woman is Nancy is Nancy.

Novels call a named character by a description for whole scenes ("'Don't worry me,' replied the girl", her
name given a few paragraphs before and never in the tag): the tag readers (`speakers.py`) leave such a
description an unnamed character when no single line names her. Here the lines of one unnamed description
("the girl", "the old gentleman") within one conversation are read together, once every rule has run:

- the description's noun gives the gender (`lexicon.ROLE_GENDER`); a description of no gender stays;
- the one it describes is in the scene: a named character of that gender (the cast's, else her given
  name's) whom a tag of the conversation names as the speaker of a line ("cried Nancy"; a he or she may be
  the described one already, and a chat message is no presence) or whom its narration names, from
  `SCENE_PARAGRAPHS` before the description's first line to its last;
- never one the described speaker talks with (whom a name tag gives the line before or after its own,
  whom its lines call by name) nor one the sentence of its tag names ("said the girl, looking at Rose");
- never a newcomer: a description the narration has just introduced ("an Englishwoman stepped out ... 'Oh!'
  the woman gasped") is someone new;
- exactly one such character, else the description stays a character of its own.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from ficlens.analysis import Quote
from ficlens.cast.cast import Mention
from ficlens.dialogue.context import Context
from ficlens.dialogue.lexicon import ROLE_GENDER
from ficlens.dialogue.name_gender import name_gender

SCENE_PARAGRAPHS = 3
"""How many paragraphs before a described speaker's first line of a conversation its scene begins: where the
narration named her before calling her "the girl"."""
INTRODUCTION_PARAGRAPHS = 1
"""How far back (paragraphs before the line's) a newcomer's "a young man" still explains "the young man"."""


def name_described_speakers(context: Context) -> None:
    """Give the lines of each unnamed description, conversation by conversation, to the one named character of
    its gender in the scene."""
    quotes = context.analysis.quotes
    for member, numbers in _described_lines(context):
        head = _head(context, member)
        if introduced(context, quotes[numbers[0]].para, head, quotes[numbers[0]].start):
            continue
        named = _scene_member(context, member, ROLE_GENDER[head] or "", numbers)
        if named is not None:
            for number in numbers:
                quote = quotes[number]
                if quote.tag_speaker == member:
                    quote.tag_speaker = named  # the tag's description, resolved: the line stays tagged
                quote.speaker = named


def introduced(context: Context, para: int, head: str, offset: int) -> bool:
    """"A young man walked in. 'Hello,' said the young man": the description points back at a newcomer the
    narration just brought in with "a"/"an" (the noun may end a compound: "an Englishwoman"), not at someone
    already in the scene."""
    floor = context.analysis.paragraphs[max(0, para - INTRODUCTION_PARAGRAPHS)].start
    pattern = rf"\b(?:a|an)\s+(?:[a-z-]+\s+){{0,2}}[a-z-]*{re.escape(head)}\b"
    return re.search(pattern, context.analysis.text[floor:offset], re.I) is not None


def _head(context: Context, member: int) -> str:
    return context.cast.members[member].name.lower().split()[-1]


def _described_lines(context: Context) -> list[tuple[int, list[int]]]:
    """Each unnamed member a definite description of a gendered noun names, with the numbers of its lines in
    one conversation (a member speaking in several conversations comes once per conversation)."""
    cast = context.cast
    lines: dict[tuple[int, int], list[int]] = defaultdict(list)
    for number, quote in enumerate(context.analysis.quotes):
        if quote.speaker is None or cast.members[quote.speaker].kind != "unnamed":
            continue
        words = cast.members[quote.speaker].name.lower().split()
        if len(words) >= 2 and words[0] == "the" and ROLE_GENDER.get(words[-1]) is not None:
            lines[quote.speaker, context.conversation[number]].append(number)
    return [(member, numbers) for (member, _), numbers in lines.items()]


def _scene_member(context: Context, member: int, gender: str, numbers: list[int]) -> int | None:
    """The one named character of `gender` in the scene of these lines who is not talking with them."""
    found = scene_candidates(context, member, gender, numbers)
    return found[0] if len(found) == 1 else None


def scene_candidates(context: Context, member: int, gender: str, numbers: list[int]) -> list[int]:
    """The named characters of `gender` in the scene of these lines, but those talking with them."""
    analysis = context.analysis
    quotes = analysis.quotes
    cast = context.cast
    conversation = context.conversation[numbers[0]]
    scene = range(bisect.bisect_left(context.conversation, conversation),
                  bisect.bisect_right(context.conversation, conversation))
    first, last = quotes[numbers[0]], quotes[numbers[-1]]
    floor = analysis.paragraphs[max(0, first.para - SCENE_PARAGRAPHS)].start
    present = {index for _, _, index in context.narration_mentions(floor, last.end)}
    present.update(_named_by_tag(quotes[n]) for n in scene if quotes[n].kind == "speech")
    present.discard(None)
    present -= _talking_with(context, member, numbers, scene)
    return sorted(i for i in present if cast.members[i].kind == "named" and _gender(context, i) == gender)


def _gender(context: Context, index: int) -> str | None:
    """The cast's gender for a character, else what its given name says (`name_gender`)."""
    return context.cast.provisional_gender(index) or name_gender(context.cast.members[index].name)


def _talking_with(context: Context, member: int, numbers: list[int], scene: range) -> set[int]:
    """Whom the described speaker talks with or stands beside in the text: the one a name tag gives the line
    before or after its own in another paragraph (a he or she there may be the described speaker again), those
    its lines call by name, and the characters the sentences of its tags name."""
    quotes = context.analysis.quotes
    others: set[int] = set()
    for number in numbers:
        quote = quotes[number]
        others.update(quote.vocatives)
        for near in (number - 1, number + 1):
            if near in scene and quotes[near].para != quote.para and _named_by_tag(quotes[near]) not in (
                None, member
            ):
                others.add(quotes[near].speaker)
        others.update(index for _, _, index in _tag_sentence_mentions(context, number))
    return others


def _named_by_tag(quote: Quote) -> int | None:
    """The speaker a tag with a name or a description gave the line (not a he or she)."""
    return quote.speaker if quote.tag_speaker == quote.speaker and quote.tag_gender is None else None


def _tag_sentence_mentions(context: Context, number: int) -> list[Mention]:
    """The characters the narration names in the sentence around a line: from the sentence start before it in
    its paragraph to the sentence end after it (or the next line)."""
    analysis = context.analysis
    text = analysis.text
    quote = analysis.quotes[number]
    opening = analysis.paragraphs[quote.para]
    preceding = context.previous_ending_in(quote.para, number)
    start = max(opening.start, preceding.end if preceding else 0)
    start = max([start, *(m.end() for m in _SENTENCE_END.finditer(text, start, quote.start))])
    closing = analysis.paragraphs[quote.last_para]
    following = context.next_starting_in(quote.last_para, number)
    end = following.start if following else closing.end
    stop = _SENTENCE_END.search(text, quote.end, end)
    return context.narration_mentions(start, quote.start) + context.narration_mentions(
        quote.end, stop.end() if stop else end
    )


_SENTENCE_END = re.compile(r"[.!?;:](?=\s)")
"""Where a sentence of narration ends (a colon or semicolon ends a tag's clause too)."""
