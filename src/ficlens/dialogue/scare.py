"""Scare quotes: a word or phrase in single quotes inside a narration sentence ('working through it', Misty is
'CeruleanQueen') is a mention, not a thought.

A single-quoted span is a scare quote when it is short (SCARE_MAX_WORDS words or fewer), carries no
punctuation of its own at its end (a thought ends its clause: 'Great,' or 'Why me?'), and no thought tag
follows it ('Idiot' she thought).
"""

from __future__ import annotations

import re

from ficlens.dialogue.lexicon import SPEECH_VERBS

SCARE_MAX_WORDS = 4
_OWN_END = re.compile(r"[.!?…,;:\-—–]\s*$")
_PRONOUNS = {"i", "he", "she", "they", "we", "you"}


def is_scare_quote(text: str, open_at: int, close_at: int) -> bool:
    """Whether the single-quoted span text[open_at:close_at + 1] is a mention rather than a thought."""
    inner = text[open_at + 1 : close_at]
    if len(inner.split()) > SCARE_MAX_WORDS or _OWN_END.search(inner):
        return False
    words = re.findall(r"[\w’']+", text[close_at + 1 : close_at + 40])[:2]
    if words and words[0].lower() in SPEECH_VERBS:
        return False  # 'Idiot,' thought Steve
    subject = len(words) == 2 and (words[0].lower() in _PRONOUNS or words[0][:1].isupper())
    return not (subject and words[1].lower() in SPEECH_VERBS)  # 'Idiot' Steve thought
