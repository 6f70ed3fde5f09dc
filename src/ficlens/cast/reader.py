"""The reader of a reader-insert story: "(Y/N)" ("your name") stands where the reader's name goes.

Such a story is told in the second person and its heroine or hero is whoever reads; the placeholder is a
character like any other, with every "(Y/N)" as a mention, so "Y/N said" and the lines addressed to
"(Y/N)" have someone to point at.
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast
from ficlens.cast.names import parse_name

READER = "Y/N (reader)"
MIN_PLACEHOLDERS = 2
"""Uses of the placeholder before the story counts as a reader-insert."""
_PLACEHOLDER = re.compile(r"\(\s*[YyFf]\s*/\s*[Nn]\s*\)|(?<![\w/])[YyFf]/[Nn](?![\w/])")


def add_reader(analysis: Analysis, cast: Cast) -> int | None:
    """The reader character with the placeholder's mentions, when the story has one."""
    text = analysis.text
    spans = [
        match.span() for paragraph in analysis.paragraphs if paragraph.story
        for match in _PLACEHOLDER.finditer(text, paragraph.start, paragraph.end)
    ]
    if len(spans) < MIN_PLACEHOLDERS:
        return None
    index = cast.add(READER)
    member = cast.members[index]
    member.preferred = READER
    member.evidence.add("reader")
    for start, end in spans:
        surface = text[start:end]
        member.aliases.add(surface)
        parts = parse_name(surface.strip("() "))
        if parts.key not in cast.by_key:
            cast.bind(index, parts)
    for span in spans:
        cast.add_mention(index, span)
    return index
