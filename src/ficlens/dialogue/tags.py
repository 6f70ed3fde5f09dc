"""Explicit tags the speech-verb lexicon alone misses.

- A tag ending the paragraph before ("Then he said, very quietly:" and the quotation opens the next
  paragraph): the previous paragraph holds no quotation, ends with a colon or a comma, and its last clause
  has a speech verb.
- A verb the lexicon lacks in the tag slot ("Okay," Peter chirruped.): the quotation ends with a comma (the
  sentence goes on after it) and is followed by exactly a name or pronoun and a past- or present-tense verb,
  then the sentence's end: nothing but a speech verb fits that slot.
"""

from __future__ import annotations

from spacy.tokens import Token

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context
from ficlens.dialogue.lexicon import SPEECH_VERBS

_TAG_END = ":"
_SUBJECT_POS = {"PROPN", "PRON"}
_FINITE = {"VBD", "VBZ", "VBP"}
_SENTENCE_END = {".", "!", "?", "…", ";"}
_MAX_TAG_TOKENS = 7
"""How close to the paragraph's closing colon the speech verb of a tag ending it must stand."""


def tag_ending_previous(context: Context, quote: Quote) -> tuple[Token | None, int]:
    """The speech verb of a tag that ends the paragraph before a quotation opening its paragraph, and that
    paragraph's index."""
    analysis = context.analysis
    text = analysis.text
    index = quote.para - 1
    if index < 0 or text[analysis.paragraphs[quote.para].start : quote.start].strip():
        return None, index
    paragraph = analysis.paragraphs[index]
    tail = text[paragraph.start : paragraph.end].rstrip()
    if not paragraph.story or not tail or tail[-1] not in _TAG_END:
        return None, index
    if any(q.para <= index <= q.last_para for q in analysis.quotes):
        return None, index
    tokens = context.tokens(index, paragraph.start, paragraph.end)
    clause: list[Token] = []
    for token in reversed(tokens):
        if token.text in _SENTENCE_END or len(clause) >= _MAX_TAG_TOKENS:
            break
        clause.append(token)
    verb = next((t for t in clause if t.lower_ in SPEECH_VERBS and t.tag_.startswith("VB")), None)
    return verb, index


def unlisted_verb_tag(text: str, quote: Quote, window: list[Token]) -> tuple[Token | None, Token | None]:
    """(verb, subject) of a tag "Name verbed." right after a quotation ending with a comma."""
    if not text[quote.inner_start : quote.inner_end].rstrip().endswith(","):
        return None, None
    words = [t for t in window if not t.is_punct]
    if len(words) != 2:
        return None, None
    after = window[window.index(words[1]) + 1 :] if words[1] in window else []
    if after and after[0].text not in _SENTENCE_END:
        return None, None
    subject, verb = words
    if subject.pos_ in _SUBJECT_POS and verb.tag_ in _FINITE:
        return verb, subject
    return None, None
