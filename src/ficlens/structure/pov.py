"""POV headings that are only a name: "~Sakura~", "(Diluc)", or a bare "Darius" line opening a chapter or scene.

A name line is a heading only when its first word is a proper noun of the text (capitalised after a lowercase
word at least `MIN_PROPER_USES` times), so "~ Now ~", "The End" or "Later" never open a POV section. A bare
name (no decoration on both sides) is also a letter's signature or a chat handle, so it counts only among the
first paragraphs of a chapter or scene and not after a valediction ("Yours,")."""

from __future__ import annotations

import re

from ficlens.textlayout import NAME_LINE

MIN_PROPER_USES = 2
"""How often the name must appear capitalised mid-sentence elsewhere for the line to name a character."""
HEAD_PARAGRAPHS = 8
"""A bare name line heads a chapter or scene only within its first paragraphs (after the chapter's title, a
notes heading and a few paragraphs of notes, which a download does not always mark as notes)."""


def name_heading(text: str, line: str, head_index: int, previous: str) -> str | None:
    """The character a name-only line announces, or None when the line is not such a heading.

    `head_index` counts the paragraphs (this one included) since the chapter or scene began; `previous` is the paragraph before."""
    match = NAME_LINE.match(line)
    if not match:
        return None
    name = match.group("name")
    decorated = bool(match.group("open")) and bool(match.group("close"))
    if not decorated and (match.group("open") or head_index > HEAD_PARAGRAPHS or previous.rstrip().endswith(",")):
        return None
    first = re.escape(name.split()[0])
    uses = re.findall(rf"(?<=[a-z,;] ){first}\b", text)
    return name if len(uses) >= MIN_PROPER_USES else None
