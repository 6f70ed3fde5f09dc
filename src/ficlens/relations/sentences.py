"""Sentences of the story paragraphs and the characters each one names, with pronouns resolved simply."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ficlens.analysis import Paragraph

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}
_PRONOUNS = frozenset(PRONOUN_GENDER)
PRONOUN_REACH = 3
"""Sentences back a pronoun looks for its antecedent."""
RECENT_KEPT = 32
"""Named characters remembered for pronouns (far more than `PRONOUN_REACH` sentences hold)."""


@dataclass
class Sentence:
    start: int
    end: int
    offset: int
    """Offset of the sentence's paragraph: a token's offset in the text is `offset + token.idx`."""
    paragraph: Paragraph
    first: int
    """Index of the sentence's first token in the paragraph's `Doc`."""
    last: int
    """Index of the token after the sentence's last."""
    quote: int | None = None
    """Index of the quotation the sentence lies in, or None for narration."""
    names: dict[int, str] = field(default_factory=dict)
    """Token index -> character id, for every token inside a name mention or a resolved pronoun."""

    @property
    def span(self) -> Span:
        """The sentence's tokens, taken from the paragraph's parse when read: a sentence holding its `Span` would
        hold the paragraph's whole `Doc`, and a million-word work's `Doc`s do not fit its memory bound."""
        return self.paragraph.doc[self.first : self.last]

    def at(self, token: Token) -> int:
        return self.offset + token.idx

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """The sentence's tokens whose offset in the text lies in [start, end), found by bisection (a `Token` is
        made only for those)."""
        starts = self.paragraph.parsed.token_starts
        first = max(self.first, bisect_left(starts, start - self.offset))
        last = min(self.last, bisect_left(starts, end - self.offset))
        doc = self.paragraph.doc
        return [doc[i] for i in range(first, last)]

    @property
    def characters(self) -> list[str]:
        return list(dict.fromkeys(self.names.values()))


Layout = list[tuple[list[tuple[int, int, int, int]], dict[int, str]] | None]
"""Per story paragraph (None where it has no parse): its sentences as (first token, token after the last, start
and end offset in the paragraph), and its tokens that are third-person pronouns (index -> lower-case form)."""


def sentence_layout(analysis) -> Layout:
    """The sentences and pronouns of the story paragraphs, from the parse alone: plain data, so computed ahead
    (`ahead.py`) where two processes run."""
    layout: Layout = []
    known: dict[int, str | None] = {}
    for paragraph in analysis.paragraphs:
        if not paragraph.story:
            continue
        if paragraph.parsed is None:
            layout.append(None)
            continue
        sentences = [(sent.start, sent.end, sent.start_char, sent.end_char) for sent in paragraph.parsed.doc.sents]
        layout.append((sentences, paragraph.parsed.lower_words(_PRONOUNS, known)))
    return layout


def index_sentences(paragraphs, layout: Layout, mentions: list[tuple[int, int, str]],
                    quotes: list[tuple[int, int, str | None]], genders: dict[str, str]) -> list[Sentence]:
    """Every sentence of the parsed story paragraphs (`layout`: `sentence_layout` of these paragraphs), with the
    character each name token and pronoun refers to.

    A third-person pronoun outside quotation marks refers to the last named character of its gender within
    `PRONOUN_REACH` sentences: crude, but it finds who "he" is in "He took off the jacket" often enough. In
    its own paragraph a quotation's speaker counts as named in its sentences: the narration around a line of
    talk is most often its speaker's ("That's all." He stepped back.), but not past the paragraph.
    """
    quote_starts = [q[0] for q in quotes]
    sentences: list[Sentence] = []
    # (sentence number, character, paragraph start for a quotation's speaker, else None)
    recent: list[tuple[int, str, int | None]] = []
    next_mention = 0
    for paragraph, laid in zip(paragraphs, layout, strict=True):
        if laid is None:
            continue
        token_starts = paragraph.parsed.token_starts.tolist()
        for first, last, start_char, end_char in laid[0]:
            sentence = Sentence(paragraph.start + start_char, paragraph.start + end_char, paragraph.start,
                                paragraph, first, last)
            q = bisect_right(quote_starts, sentence.start) - 1
            if q >= 0 and quotes[q][0] <= sentence.start < quotes[q][1]:
                sentence.quote = q
            while next_mention < len(mentions) and mentions[next_mention][1] <= sentence.start:
                next_mention += 1
            pointer = next_mention
            for i in range(first, last):
                at = paragraph.start + token_starts[i]
                while pointer < len(mentions) and mentions[pointer][1] <= at:
                    pointer += 1
                if pointer < len(mentions) and mentions[pointer][0] <= at:
                    sentence.names[i] = mentions[pointer][2]
                elif sentence.quote is None and i in laid[1]:
                    here = [(len(sentences), cid, None) for cid in dict.fromkeys(sentence.names.values())]
                    found = _antecedent(recent + here, PRONOUN_GENDER[laid[1][i]], genders, len(sentences),
                                        paragraph.start)
                    if found:
                        sentence.names[i] = found
            if sentence.quote is not None and quotes[sentence.quote][2]:
                # before the names its tag gives: a name is surer than the attribution
                recent.append((len(sentences), quotes[sentence.quote][2], paragraph.start))
            recent.extend((len(sentences), cid, None) for cid in sentence.characters)
            del recent[: max(0, len(recent) - RECENT_KEPT)]
            sentences.append(sentence)
    return sentences


def _antecedent(recent: list[tuple[int, str, int | None]], gender: str, genders: dict[str, str], now: int,
                paragraph: int) -> str | None:
    for number, cid, voiced in reversed(recent):
        if now - number > PRONOUN_REACH:
            return None
        if genders.get(cid) == gender and voiced in (None, paragraph):
            return cid
    return None
