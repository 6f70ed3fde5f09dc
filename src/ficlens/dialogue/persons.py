"""The narrating persons who speak: a first-person narrator ("I said") and a second-person reader-insert
("you said", "(Y/N) whispered").

A tag whose subject is "you" is only ever narration addressing the reader (inside a quotation "you" is not a
tag's subject), so its line belongs to the reader: the character the text calls Y/N (or another reader-insert
placeholder) when the cast has one, else a reader character made once.
"""

from __future__ import annotations

from ficlens.cast.cast import Cast
from ficlens.cast.names import parse_name

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
