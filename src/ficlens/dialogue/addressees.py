"""Whom each quotation addresses.

1. vocative: characters addressed by name inside the quotation (found before the speakers are chosen);
2. telepathy: a voice in someone's head speaks to the head's owner;
3. narration: the one the line's own tag or beat turns to ("she told Levi", "he turned to her", "asked the
   captain", "glancing at Percy");
4. previous-speaker / next-speaker: otherwise the other participant of the conversation, the one who spoke
   last (a reply) or, for an opening line, the one who answers. Thoughts and written messages get no
   addressee but a vocative.
An unknown capitalised word that opens quotations like a vocative ("Teme, what are you ...") becomes an
alias of the addressee found by rule 4 when two of its uses or more agree on that addressee.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from ficlens.analysis import Analysis, Quote
from ficlens.dialogue.chat import chat_addressees
from ficlens.dialogue.context import Context, other_participant
from ficlens.dialogue.letters import written_addressees
from ficlens.dialogue.lexicon import CLAUSE_STARTS, VOCATIVE_LEADS
from ficlens.dialogue.listeners import narrated_listener
from ficlens.dialogue.vocatives import merge_vocative_names

_OPENING_WORD = re.compile(r"\s*(?:(?:hey|oh|yo)[,!]?\s+)?(?P<word>[A-Z][a-z]+(?:-[a-z]+)*)(?P<after>,|\s+(?P<next>[\w']+))")


def attribute_addressees(analysis: Analysis) -> None:
    context = Context.build(analysis)
    merge_vocative_names(context)  # again, now that most lines have a speaker (vocatives.py)
    quotes = analysis.quotes
    proposals: Proposals = {}
    chat_addressees(context)
    for number, quote in enumerate(quotes):
        if quote.username:
            continue
        vocatives = [v for v in quote.vocatives if v != quote.speaker]
        if vocatives:
            quote.addressees, quote.addressee_evidence = vocatives, "vocative"
            continue
        if quote.kind == "telepathy" and quote.head_owner is not None and quote.head_owner != quote.speaker:
            quote.addressees, quote.addressee_evidence = [quote.head_owner], "telepathy"
            _learn_vocative(context, quote, quote.head_owner, proposals)
            continue
        if quote.kind not in ("speech", "telepathy") or quote.speaker is None:
            continue
        listener = narrated_listener(context, number)
        if listener is not None:
            quote.addressees, quote.addressee_evidence = [listener], "narration"
            continue
        listener, how = other_participant(context, number)
        if listener is None:
            continue
        quote.addressees, quote.addressee_evidence = [listener], how
        _learn_vocative(context, quote, listener, proposals)
    written_addressees(context)
    _adopt_vocative_aliases(context, proposals)
    context.cast.note_speakers(a for q in quotes for a in q.addressees)


Proposals = dict[str, list[tuple[int, int, Quote]]]
"""An unknown word opening lines -> (listener, offset, quotation) for each use."""


def _learn_vocative(context: Context, quote: Quote, listener: int, proposals: Proposals) -> None:
    """A nickname or insult opening the line ("Teme what are you ...") names the one addressed."""
    text = context.analysis.text
    match = _OPENING_WORD.match(text, quote.inner_start, quote.inner_end)
    if not match:
        return
    word = match.group("word")
    following = (match.group("next") or "").lower()
    if word.lower() in VOCATIVE_LEADS or word.lower() in CLAUSE_STARTS:
        return
    if match.group("next") and following not in CLAUSE_STARTS:
        return
    start = match.start("word")
    if context.member_at(start) is not None or context.cast.lookup(word) is not None:
        return
    if context.cast.is_common_word(word.lower()):
        return
    doc_token = _token_at(context, quote.para, start)
    if doc_token is not None and doc_token.tag_ not in ("NN", "NNP", "NNS"):
        return
    proposals.setdefault(word, []).append((listener, start, quote))


def _adopt_vocative_aliases(context: Context, proposals: Proposals) -> None:
    """Nicknames that opened lines to the same listener at least twice become that listener's aliases."""
    for word, uses in proposals.items():
        listeners = Counter(listener for listener, _, _ in uses)
        listener, votes = listeners.most_common(1)[0]
        if votes < 2 or votes * 3 < 2 * len(uses):
            continue
        spans = [(start, start + len(word)) for who, start, _ in uses if who == listener]
        context.cast.add_alias(listener, word, spans)
        for who, _, quote in uses:
            if who == listener:
                quote.addressee_evidence = "vocative-alias"


def _token_at(context: Context, para: int, offset: int) -> Token | None:
    for token in context.tokens(para, offset, offset + 1):
        return token
    return None
