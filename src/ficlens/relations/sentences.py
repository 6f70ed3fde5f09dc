"""Sentences of the story paragraphs and the characters each one names, with pronouns resolved simply."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}
PRONOUN_REACH = 3
"""Sentences back a pronoun looks for its antecedent."""


@dataclass
class Sentence:
    start: int
    end: int
    offset: int
    """Offset of the sentence's paragraph: a token's offset in the text is `offset + token.idx`."""
    span: Span
    quote: int | None = None
    """Index of the quotation the sentence lies in, or None for narration."""
    names: dict[int, str] = field(default_factory=dict)
    """Token index -> character id, for every token inside a name mention or a resolved pronoun."""

    def at(self, token: Token) -> int:
        return self.offset + token.idx

    @property
    def characters(self) -> list[str]:
        return list(dict.fromkeys(self.names.values()))


def index_sentences(paragraphs, mentions: list[tuple[int, int, str]], quotes: list[tuple[int, int]],
                    genders: dict[str, str]) -> list[Sentence]:
    """Every sentence of the parsed story paragraphs, with the character each name token and pronoun refers to.

    A third-person pronoun outside quotation marks refers to the last named character of its gender within
    `PRONOUN_REACH` sentences: crude, but it finds who "he" is in "He took off the jacket" often enough.
    """
    starts = [m[0] for m in mentions]
    quote_starts = [q[0] for q in quotes]
    sentences: list[Sentence] = []
    recent: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        if paragraph.doc is None:
            continue
        for sent in paragraph.doc.sents:
            sentence = Sentence(paragraph.start + sent.start_char, paragraph.start + sent.end_char, paragraph.start, sent)
            q = bisect_right(quote_starts, sentence.start) - 1
            if q >= 0 and quotes[q][0] <= sentence.start < quotes[q][1]:
                sentence.quote = q
            first = bisect_left(starts, sentence.start)
            last = bisect_left(starts, sentence.end)
            for token in sent:
                at = sentence.at(token)
                for start, end, cid in mentions[max(first - 1, 0) : last]:
                    if start <= at < end:
                        sentence.names[token.i] = cid
                        break
                else:
                    gender = PRONOUN_GENDER.get(token.lower_)
                    if gender and sentence.quote is None:
                        here = [(len(sentences), cid) for cid in dict.fromkeys(sentence.names.values())]
                        found = _antecedent(recent + here, gender, genders, len(sentences))
                        if found:
                            sentence.names[token.i] = found
            for cid in sentence.characters:
                recent.append((len(sentences), cid))
            sentences.append(sentence)
    return sentences


def _antecedent(recent: list[tuple[int, str]], gender: str, genders: dict[str, str], now: int) -> str | None:
    for number, cid in reversed(recent):
        if now - number > PRONOUN_REACH:
            return None
        if genders.get(cid) == gender:
            return cid
    return None
