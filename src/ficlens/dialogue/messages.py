"""Who reads a text message or a note: the narration next to it says whose phone buzzed.

    Sherlock's phone buzzed on the mantelpiece.            -> the message after it is to Sherlock
    It buzzed at midnight, while she was brushing her teeth.
    Sally sat on her bed with the phone and read it twice.  -> the message before it is to Sally

Rules: in the paragraph of pure narration just before the message (its last such sentence), then in the
one just after it (its first sentence), the sentence that speaks of a phone, a screen or a message arriving or being read names the reader: the owner of
the phone ("Sherlock's phone", "her phone"), else the sentence's first character subject ("she" resolved,
"Sally"). Never the message's own writer (who may be typing it in that very sentence).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context
from ficlens.dialogue.lexicon import inflect
from ficlens.nlp import SUBJECT_DEPS

DEVICES = frozenset({"phone", "phones", "mobile", "cellphone", "pager", "screen", "inbox", "texts", "message",
                     "messages", "notification", "notifications"})
"""Nouns whose possessor is the one a message reaches."""
ARRIVING = inflect("buzz ping:pinged:pings:pinging chime vibrate:vibrated:vibrates:vibrating beep read:reads:reading")
"""Verbs that say a message arrived or was read."""
_PERSONAL = {"he": "he", "she": "she", "his": "he", "her": "she"}


def message_reader(context: Context, quote: Quote) -> int | None:
    """The character the narration around a written message shows receiving or reading it."""
    for para in (quote.para - 1, quote.last_para + 1):
        paragraphs = context.analysis.paragraphs
        if not 0 <= para < len(paragraphs) or para in context.starting_in or para in context.ending_in:
            continue
        paragraph = paragraphs[para]
        if not paragraph.story or paragraph.doc is None:
            continue
        sentences = list(paragraph.doc.sents)
        for sentence in sentences[::-1] if para < quote.para else sentences[:1]:
            if any(t.lower_ in DEVICES or t.lower_ in ARRIVING for t in sentence):
                return _reader_in(context, quote, para, sentence)
    return None


def _reader_in(context: Context, quote: Quote, para: int, sentence: Span) -> int | None:
    for token in sentence:
        if token.dep_ == "poss" and token.head.lower_ in DEVICES or token.dep_ in SUBJECT_DEPS:
            found = _character(context, quote, para, token)
            if found is not None:
                return found if found != quote.speaker else None
    return None


def _character(context: Context, quote: Quote, para: int, token: Token) -> int | None:
    offset = context.offset(para, token)
    if token.lower_ in _PERSONAL:
        return context.resolve_pronoun(_PERSONAL[token.lower_], offset, quote, set())
    if not token.text[:1].isupper() or token.pos_ not in ("PROPN", "NOUN"):
        return None  # "Sherlock's phone": the tagger often calls a possessive name a noun
    return context.resolve_name(token.text, offset, create=False)
