"""A speaker who names themself: "My name is Hannah," she said; "This is Captain Vargas of the Marines."

Rules:
- "my name is X", "my name's X", "call me X" at the start of a sentence of the quotation name its speaker,
  known or new; "I'm X", "I am X", "this is X" only name a character the cast already knows ("I am English"
  is no name).
- Only a quotation no explicit tag gave a speaker takes it: a tag is never contradicted.
- The narration can name a speaker known so far only by a description ("the young man"): "the young man,
  whose name was Tom", "the boy's name was Teo", "the stranger was called Vetrov", or a paragraph opening
  "His name was Teo." whose pronoun goes back to that character. The unnamed character is that one
  (`named_by_narration`, after all the rules have run).
"""

from __future__ import annotations

import re

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute

_NAME = r"(?P<name>(?:(?:Captain|Doctor|Dr\.|Mr\.|Mrs\.|Ms\.|Miss|Lady|Lord|Sir|Master)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
_START = r"(?:^|(?<=[.!?…—–-])\s*|(?<=,)\s+)"
_NAMING = re.compile(rf"{_START}(?:[Mm]y name(?:'s|’s| is)|[Cc]all me)\s+{_NAME}")
_NAMED_AS = r"(?:(?:'s|’s) name was|, whose name was| was called| was named)\s+"
_NAMED_AT = re.compile(rf"(?={_NAMED_AS}{_NAME})")
"""Where a description may end before its name is given: the few places worth trying a description at."""
_PRONOUN_NAMING = re.compile(rf"^(?P<pronoun>His|Her) name was\s+{_NAME}", re.M)
_CLAIMING = re.compile(rf"{_START}(?:I'm|I’m|I am|[Tt]his is|[Ii]t's|[Ii]t’s)\s+{_NAME}")


def introduced_speakers(context: Context) -> None:
    """Give each untagged quotation in which the speaker names themself to the character named."""
    text = context.analysis.text
    for quote in context.analysis.quotes:
        if quote.tag_speaker is not None or quote.username or quote.kind not in ("speech", "telepathy"):
            continue
        speaker = _introduced(context, quote, text[quote.inner_start : quote.inner_end])
        if speaker is not None and speaker not in quote.vocatives:
            attribute(quote, speaker, "introduction")


def _introduced(context: Context, quote: Quote, words: str) -> int | None:
    naming = _NAMING.search(words)
    if naming:
        offset = quote.inner_start + naming.start("name")
        return context.member_at(offset) or context.resolve_name(naming.group("name"), offset)
    claiming = _CLAIMING.search(words)
    if claiming:
        return context.member_at(quote.inner_start + claiming.start("name")) or context.cast.lookup(
            claiming.group("name")
        )
    return None


def named_by_narration(context: Context) -> None:
    """Fold each unnamed speaker the narration names ("the young man, whose name was Tom") into that name."""
    cast = context.cast
    text = context.analysis.text
    naming = [match.start() for match in _NAMED_AT.finditer(text)]
    for index, member in enumerate(cast.members):
        if member.kind != "unnamed" or index in cast.merged or not member.mentions:
            continue
        first = min(start for start, _ in member.mentions)
        description = re.sub(r"^(?:the|a|an|another|one)\s+", "", member.name, flags=re.I)
        named = _named_after(re.compile(rf"\b[Tt]he {re.escape(description)}{_NAMED_AS}{_NAME}"), text, naming,
                             first, len("the ") + len(description))
        if named is not None:
            _fold(context, index, named.group("name"), named.start("name"))
    for match in _PRONOUN_NAMING.finditer(text):
        gender = "male" if match.group("pronoun") == "His" else "female"
        antecedent = _unnamed_antecedent(context, match.start(), gender)
        if antecedent is not None:
            _fold(context, antecedent, match.group("name"), match.start("name"))


def _named_after(pattern: re.Pattern[str], text: str, naming: list[int], first: int, before: int) -> re.Match | None:
    """`pattern.search(text, first)` for a pattern whose match has `before` characters before one of the
    `naming` offsets ("the young man| was called Tom"): tried only there, not at every offset of the text (a
    search of the whole text for each unnamed character was a third of the speakers step's time)."""
    for at in naming:
        if at - before >= first:
            found = pattern.match(text, at - before)
            if found is not None:
                return found
    return None


NAMING_PARAGRAPHS = 2
"""How many paragraphs back "His name was Teo." looks for the unnamed character it names."""


def _unnamed_antecedent(context: Context, offset: int, gender: str) -> int | None:
    """The character "his"/"her" goes back to, when that is an unnamed one: the latest character mentioned or
    speaking nearby whose gender does not contradict the pronoun (a fitting named one means it is not)."""
    analysis = context.analysis
    floor = analysis.paragraphs[max(0, analysis.paragraph_at(offset) - NAMING_PARAGRAPHS)].start
    recent = [(start, index) for start, _, index in context.narration_mentions(floor, offset)]
    recent += [(q.start, q.speaker) for q in analysis.quotes if floor <= q.start < offset and q.speaker is not None]
    cast = context.cast
    for _, index in sorted(recent, reverse=True):
        known = cast.provisional_gender(index)
        if cast.members[index].kind == "unnamed" and index not in cast.merged and known in (None, gender):
            return index
        if known == gender:
            return None
    return None


def _fold(context: Context, unnamed: int, name: str, offset: int) -> None:
    named = context.resolve_name(name, offset)
    if named is None or named == unnamed or context.cast.members[named].kind != "named":
        return
    context.cast.merge(unnamed, named)
    context.replace_member(unnamed, named)
