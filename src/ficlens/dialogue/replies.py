"""A reply tagged "he replied" (or "replied the man", "cried her mother") whose line opens the paragraph after
a line that calls one man (woman) by name is that man's (woman's) answer.

"'What a delightful library you have, Mr. Grey!' / 'It ought to be good,' he replied." The pronoun resolver
would take the latest man mentioned, often a third character of the scene; but a line that opens its paragraph
right after a line addressed to one character by name is, in a novel's dialogue, that character's answer."""

from __future__ import annotations

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context


def addressed_replier(context: Context, quote: Quote, number: int, gender: str) -> int | None:
    """The one character of `gender` the line just before (the previous paragraph's, same conversation)
    calls by name, when the tagged line opens its paragraph; else None."""
    if number == 0 or context.analysis.paragraphs[quote.para].start != quote.start:
        return None
    previous = context.analysis.quotes[number - 1]
    if previous.last_para != quote.para - 1 or context.conversation[number - 1] != context.conversation[number]:
        return None
    named = {v for v in previous.vocatives if v != previous.speaker}
    if len(named) != 1:
        return None
    (member,) = named
    return member if context.cast.provisional_gender(member) == gender else None
