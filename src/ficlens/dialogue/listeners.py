"""The listener a line's own narration names: "she told Levi", "he turned to her", "asked the captain",
"glancing at Percy". In a conversation of three or more, the one spoken to is often not the one who spoke
last; the tag or action beat of the line says so more surely than the order of turns does."""

from __future__ import annotations

from spacy.tokens import Token

from ficlens.analysis import Quote
from ficlens.dialogue.context import NEAR, Context
from ficlens.dialogue.lexicon import inflect

_OBJECT_VERBS = inflect("tell:told:tells:telling ask answer thank warn assure remind inform order urge "
                        "beg:begged:begs:begging promise interrupt address greet question instruct")
"""Verbs whose direct object is the one spoken to ("she told Levi")."""
_TOWARD_VERBS = inflect(
    "say:said:says:saying turn look glance nod:nodded:nods:nodding smile grin:grinned:grins:grinning "
    "wink glare stare shout yell call whisper murmur mutter snap:snapped:snaps:snapping growl hiss reply "
    "speak:spoke:speaks:speaking talk lean gesture frown scowl sneer shrug:shrugged:shrugs:shrugging peer "
    "squint point explain complain admit:admitted:admits:admitting confess"
)
"""Verbs whose "to"/"at"/"toward" phrase is the one spoken to ("he turned to her", "glancing at Percy")."""
_TOWARD = frozenset({"to", "at", "toward", "towards"})
_OBJECT_PRONOUNS = frozenset({"him", "her"})


def narrated_listener(context: Context, number: int) -> int | None:
    """The character the narration of the line's own paragraph (its tag or beat, not another line's) turns
    to or speaks to; never the speaker."""
    quote = context.analysis.quotes[number]
    for para, tokens in _own_narration(context, number):
        for token in tokens:
            listener = _listener_of(context, quote, para, token)
            if listener is not None and listener != quote.speaker:
                return listener
    return None


def _own_narration(context: Context, number: int) -> list[tuple[int, list[Token]]]:
    """The narration tokens between the previous and the next line of the paragraph(s), nearest first."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    paragraphs = context.analysis.paragraphs
    before_start = paragraphs[quote.para].start
    if number and quotes[number - 1].last_para == quote.para:
        before_start = quotes[number - 1].end
    after_end = paragraphs[quote.last_para].end
    if number + 1 < len(quotes) and quotes[number + 1].para == quote.last_para:
        after_end = quotes[number + 1].start
    before = context.tokens(quote.para, max(before_start, quote.start - NEAR), quote.start)
    after = context.tokens(quote.last_para, quote.end, min(after_end, quote.end + NEAR))
    return [(quote.last_para, after), (quote.para, before[::-1])]


def _listener_of(context: Context, quote: Quote, para: int, token: Token) -> int | None:
    """The member a token names when it is the object of an address verb, or the "to"/"at" phrase of one."""
    head = token.head
    if token.dep_ in ("dobj", "dative") and head.lower_ in _OBJECT_VERBS:
        return _member(context, quote, para, token)
    if token.dep_ == "pobj" and head.lower_ in _TOWARD and head.head.lower_ in _TOWARD_VERBS:
        return _member(context, quote, para, token)
    return None


def _member(context: Context, quote: Quote, para: int, token: Token) -> int | None:
    offset = context.offset(para, token)
    if token.lower_ in _OBJECT_PRONOUNS:
        exclude = {quote.speaker} if quote.speaker is not None else set()
        return context.resolve_pronoun(token.text, offset, quote, exclude)
    if token.tag_ == "PRP":
        return None
    found = context.member_at(offset)
    if found is None:
        compounds = (context.member_at(context.offset(para, c)) for c in token.children if c.dep_ == "compound")
        found = next((member for member in compounds if member is not None), None)
    return found
