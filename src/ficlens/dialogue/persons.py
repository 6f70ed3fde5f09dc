"""The narrating persons who speak: a first-person narrator ("I said") and a second-person reader-insert
("you said", "(Y/N) whispered").

A tag whose subject is "you" is only ever narration addressing the reader (inside a quotation "you" is not a
tag's subject), so its line belongs to the reader: the character the text calls Y/N (or another reader-insert
placeholder) when the cast has one, else a reader character made once. A text with no placeholder may tell
its story to a listener who is one of its characters (a child the story is about): the lines next to the
listener's then call that character by name (`name_the_listener`).
"""

from __future__ import annotations

from collections import Counter

from ficlens.cast.cast import Cast
from ficlens.cast.names import parse_name
from ficlens.dialogue.context import Context

READER_PLACEHOLDERS = ("Y/N", "Y/n", "y/n", "(Y/N)", "Reader", "F/N")
READER_NAME = "Y/N"


def reader(cast: Cast) -> int:
    """The reader-insert character, made with the placeholder name when the text never used one."""
    for placeholder in READER_PLACEHOLDERS:
        found = cast.lookup(placeholder)
        if found is not None:
            return found
    index = cast.add(READER_NAME)
    cast.bind(index, parse_name(READER_NAME))
    return index


LISTENER_VOTES = 2
"""Lines next to the listener's that must call one character by name before "you" is that character: one
call may greet anyone in the room."""


def name_the_listener(context: Context) -> None:
    """"'Good morning, Christopher Robin,' he said. / 'Good morning,' said you.": in a text with no
    reader-insert placeholder, "you said" is the narrator's listener, a character of the story told to them.
    When the lines next to the listener's (in the other paragraphs of its conversation) call one named
    character by name at least `LISTENER_VOTES` times, and more often than any other, the listener's lines are
    that character's."""
    listener = _invented_reader(context.cast)
    if listener is None:
        return
    votes = _called_beside(context, listener)
    ranked = votes.most_common(2)
    if ranked and ranked[0][1] >= LISTENER_VOTES and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        context.cast.merge(listener, ranked[0][0])  # the "you" the tags name is that character: no tag conflict
        context.replace_member(listener, ranked[0][0])


def _invented_reader(cast: Cast) -> int | None:
    """The reader `reader` made for a "you said" because the text has no placeholder (no mention in it)."""
    found = cast.lookup(READER_NAME)
    if found is None or cast.members[found].mentions or "reader" in cast.members[found].evidence:
        return None
    return found


def _called_beside(context: Context, listener: int) -> Counter[int]:
    """The named characters the lines before and after the listener's call by name (not their own speaker)."""
    quotes = context.analysis.quotes
    cast = context.cast
    votes: Counter[int] = Counter()
    for number, quote in enumerate(quotes):
        if quote.speaker != listener:
            continue
        for near in (number - 1, number + 1):
            if not 0 <= near < len(quotes) or context.conversation[near] != context.conversation[number]:
                continue
            beside = quotes[near]
            if beside.para == quote.para or beside.speaker == listener:
                continue
            votes.update(v for v in beside.vocatives if v != beside.speaker and cast.members[v].kind == "named")
    return votes
