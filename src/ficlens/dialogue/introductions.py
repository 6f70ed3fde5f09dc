"""A speaker who names themself: "My name is Hannah," she said; "This is Captain Vargas of the Marines."

Rules:
- "my name is X", "my name's X", "call me X" at the start of a sentence of the quotation name its speaker,
  known or new; "I'm X", "I am X", "this is X" only name a character the cast already knows ("I am English"
  is no name).
- Only a quotation no explicit tag gave a speaker takes it: a tag is never contradicted.
"""

from __future__ import annotations

import re

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute

_NAME = r"(?P<name>(?:(?:Captain|Doctor|Dr\.|Mr\.|Mrs\.|Ms\.|Miss|Lady|Lord|Sir|Master)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
_START = r"(?:^|(?<=[.!?…—–-])\s*|(?<=,)\s+)"
_NAMING = re.compile(rf"{_START}(?:[Mm]y name(?:'s|’s| is)|[Cc]all me)\s+{_NAME}")
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
