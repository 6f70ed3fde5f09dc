"""Speakers named only after their line: the narration that follows says who was there.

Fiction often lets a voice speak first and shows the speaker afterwards:

    "Sam-a-lam!" said a voice from the bathtub.
    Gabriel was lying in the empty tub with his ankles crossed on the rim.

    "Not for nothing."
    Mara stepped out of the shadow of the rocks, one hand on her sword.

Rules:
- a line given by its tag to a voice ("a voice", "a familiar voice") belongs to the character the next
  paragraph of pure narration opens with: its first sentence's main subject, or "It was X";
- a line with no turn to take (the conversation fallback, nothing: a scene's first line, say) and alone in
  its paragraph belongs to a newcomer the next narration paragraph shows arriving or already there ("X stepped
  out", "X was sitting on the lawn", "It was X"): a character named there as the main subject of an entrance
  or position verb, who has not spoken yet in the conversation and is not the one the line addresses;
- a tag is never contradicted; the next paragraph must hold no quotation (otherwise it is the newcomer's
  own line, which they will answer themselves).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ficlens.analysis import Quote
from ficlens.dialogue.beats import in_main_clause
from ficlens.dialogue.context import Context
from ficlens.dialogue.evidence import attribute
from ficlens.dialogue.lexicon import inflect

ARRIVALS = inflect(
    "step:stepped:steps:stepping stand:stood:stands:standing sit:sat:sits:sitting lean:leaned:leant:leans "
    "lie:lay:lying:lies emerge appear walk stride:strode:strides:striding come:came:comes:coming "
    "crouch perch lounge loom slouch saunter stroll drop:dropped:drops:dropping climb"
)
"""Verbs by which narration shows someone arriving or already there, right after a voice was heard."""
WEAK_EVIDENCE = frozenset({"conversation", "none"})
"""Evidence a newcomer shown next overrules: none, or only "someone mentioned nearby" (no turn to take)."""
_IT_WAS = re.compile(r"^(?:It|That|This) was (?=[A-Z])")
_NAME = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")


def name_after_the_line(context: Context) -> None:
    """Give voices and weakly attributed lone lines to the character the next narration paragraph shows."""
    quotes = context.analysis.quotes
    for number, quote in enumerate(quotes):
        if quote.kind != "speech" or quote.username:
            continue
        voice = _is_voice(context, quote)
        if not voice and (quote.tag_speaker is not None or quote.evidence not in WEAK_EVIDENCE):
            continue
        if not voice and not _alone_in_paragraph(context, quote):
            continue
        found = _shown_next(context, quote, arrivals_only=not voice)
        if found is None or found in quote.vocatives:
            continue
        if not voice and _has_spoken(context, number, found):
            continue
        attribute(quote, found, "explicit-tag-description" if voice else "cataphora")
        if voice:
            quote.tag_speaker = found  # the tag's description, resolved: the line stays tagged


def _is_voice(context: Context, quote: Quote) -> bool:
    if quote.tag_speaker is None or quote.speaker != quote.tag_speaker:
        return False
    member = context.cast.members[quote.speaker]
    return member.kind == "unnamed" and member.name.lower().split()[-1:] == ["voice"]


def _alone_in_paragraph(context: Context, quote: Quote) -> bool:
    text = context.analysis.text
    paragraph = context.analysis.paragraphs[quote.last_para]
    before = text[context.analysis.paragraphs[quote.para].start : quote.start]
    return not before.strip() and not text[quote.end : paragraph.end].strip()


def _shown_next(context: Context, quote: Quote, arrivals_only: bool) -> int | None:
    """The named character the next paragraph of pure narration opens with."""
    following = quote.last_para + 1
    paragraphs = context.analysis.paragraphs
    if following >= len(paragraphs) or following in context.starting_in:
        return None
    paragraph = paragraphs[following]
    if not paragraph.story or paragraph.doc is None or not len(paragraph.doc):
        return None
    sentence = next(iter(paragraph.doc.sents))
    it_was = _IT_WAS.match(sentence.text)
    if it_was:
        name = _NAME.match(sentence.text, it_was.end())
        return context.resolve_name(name.group(0), paragraph.start + sentence.start_char + name.start(), create=False)
    for token in sentence:
        if in_main_clause(token) and token.pos_ == "PROPN" and _fits(token, arrivals_only):
            first = min((c for c in token.children if c.dep_ == "compound"), key=lambda c: c.i, default=token)
            surface = paragraph.doc.text[first.idx : token.idx + len(token.text)]
            return context.resolve_name(surface, paragraph.start + first.idx, create=False)
    return None


def _fits(subject: Token, arrivals_only: bool) -> bool:
    return not arrivals_only or subject.head.lower_ in ARRIVALS


def _has_spoken(context: Context, number: int, member: int) -> bool:
    quotes = context.analysis.quotes
    conversation = context.conversation[number]
    for index in range(number - 1, -1, -1):
        if context.conversation[index] != conversation:
            return False
        if quotes[index].speaker == member:
            return True
    return False
