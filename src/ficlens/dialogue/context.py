"""Shared look-ups for the speaker, ranker and addressee steps: tokens by offset, conversations, the mentions
in the narration. Each step builds its own `Context` from the analysis (everything in it derives from layers
that no dialogue step changes); the mention index itself is the cast's."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Token

from ficlens import ahead
from ficlens.analysis import Analysis, Paragraph, Quote
from ficlens.cast.cast import Cast, Mention
from ficlens.cast.names import clean_surface, parse_name
from ficlens.dialogue.name_gender import name_gender
from ficlens.nlp import SUBJECT_DEPS

NEAR = 1500
"""How far (in characters) around a quotation its narration is read: bounds the work in giant paragraphs."""
FAR_PARAGRAPHS = 30
"""How far back a he/she looks for its character when nobody fits in the last few paragraphs."""
SUBJECTS_KEPT = 64
"""Paragraphs whose subjects a `Context` keeps: the steps read the quotations in order, each looking a few
paragraphs back, so a few dozen cover them; a bound, so a long work's subjects are not all kept at once."""
MALE = {"he", "him", "his", "himself"}
_NOT_POV_NAMES = {"normal", "third", "3rd", "omniscient", "author", "authors", "general", "everyone", "nobody",
                  "narrator", "regular", "neutral", "no", "multiple", "random", "switching", "first", "1st"}
FEMALE = {"she", "her", "hers", "herself"}


def subject_offsets(analysis: Analysis) -> set[int]:
    """The offsets of every clause subject's tokens (with its compound and flat parts): from the parse alone,
    so computed ahead (`ahead.py`) where two processes run."""
    offsets = set()
    for paragraph in analysis.paragraphs:
        found = paragraph.parsed.with_dependency(SUBJECT_DEPS, 0, len(paragraph.parsed)) if paragraph.parsed else []
        doc = paragraph.doc if found else None
        for subject in (doc[i] for i in found):
            for token in (subject, *(c for c in subject.children if c.dep_ in ("compound", "flat"))):
                offsets.add(paragraph.start + token.idx)
    return offsets


class Word(NamedTuple):
    """A token as the compact parse gives it, without a spaCy `Token`."""

    offset: int
    """In the text."""
    text: str
    tag: str
    """The fine-grained tag (`Token.tag_`)."""

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Context:
    analysis: Analysis
    cast: Cast
    quote_starts: list[int] = field(default_factory=list)
    conversation: list[int] = field(default_factory=list)
    subject_offsets: set[int] = field(default_factory=set)
    starting_in: dict[int, list[int]] = field(default_factory=dict)
    """Paragraph -> the numbers of the quotations that start in it, in order."""
    ending_in: dict[int, list[int]] = field(default_factory=dict)
    """Paragraph -> the numbers of the quotations that end in it, in order."""
    _subjects: dict[int, tuple[list[Word], list[int]]] = field(default_factory=dict)
    """Paragraph -> its subjects and their offsets (`subjects`), for the paragraphs read last."""

    @classmethod
    def build(cls, analysis: Analysis) -> Context:
        context = cls(analysis, analysis.cast)
        context.quote_starts = [q.start for q in analysis.quotes]
        context.conversation = _conversations(analysis)
        for number, quote in enumerate(analysis.quotes):
            context.starting_in.setdefault(quote.para, []).append(number)
            context.ending_in.setdefault(quote.last_para, []).append(number)
        context.subject_offsets = ahead.result(analysis, subject_offsets)
        return context

    def replace_member(self, old: int, new: int) -> None:
        """After a merge: every quotation that named `old` (speaker, vocative, addressee) names `new`."""
        for quote in self.analysis.quotes:
            if quote.speaker == old:
                quote.speaker = new
            if quote.head_owner == old:
                quote.head_owner = new
            quote.vocatives = list(dict.fromkeys(new if v == old else v for v in quote.vocatives))
            quote.addressees = list(dict.fromkeys(new if a == old else a for a in quote.addressees))

    def pov_owner(self, offset: int) -> int | None:
        """Inside a "Sakura's POV" section, the character "I" is."""
        for segment in self.analysis.segments:
            if segment.kind == "pov" and segment.start <= offset < segment.end and segment.title:
                title = segment.title.strip()
                if title.lower().split()[0] in _NOT_POV_NAMES:
                    return None
                found = self.cast.lookup(title)
                if found is None:
                    found = self.cast.add_late(title, parse_name(title))
                return found
        return None

    def member_at(self, offset: int) -> int | None:
        """The member whose mention covers `offset`."""
        return self.cast.member_at(offset)

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        return self.cast.mentions_between(start, end)

    def next_starting_in(self, paragraph_index: int, number: int) -> Quote | None:
        """The first quotation after quotation `number` that starts in the paragraph."""
        numbers = self.starting_in.get(paragraph_index, [])
        position = bisect.bisect_right(numbers, number)
        return self.analysis.quotes[numbers[position]] if position < len(numbers) else None

    def previous_ending_in(self, paragraph_index: int, number: int) -> Quote | None:
        """The last quotation before quotation `number` that ends in the paragraph."""
        numbers = self.ending_in.get(paragraph_index, [])
        position = bisect.bisect_left(numbers, number)
        return self.analysis.quotes[numbers[position - 1]] if position else None

    def in_quote(self, offset: int) -> bool:
        position = bisect.bisect_right(self.quote_starts, offset) - 1
        return position >= 0 and self.analysis.quotes[position].start <= offset < self.analysis.quotes[position].end

    def narration_mentions(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions_between(start, end) if not self.in_quote(m[0])]

    def tokens(self, paragraph_index: int, start: int, end: int) -> list[Token]:
        """Tokens of a paragraph whose start lies in [start, end) (by bisection: paragraphs can be long)."""
        paragraph = self.analysis.paragraphs[paragraph_index]
        if paragraph.parsed is None:
            return []
        first, last = self._token_range(paragraph, start, end)
        return list(paragraph.doc[first:last])

    @staticmethod
    def _token_range(paragraph: Paragraph, start: int, end: int) -> tuple[int, int]:
        """The indices of the first token starting at or after `start` and of the first at or after `end`."""
        starts = paragraph.parsed.token_starts
        return bisect.bisect_left(starts, start - paragraph.start), bisect.bisect_left(starts, end - paragraph.start)

    def subjects(self, paragraph_index: int, start: int, end: int) -> list[Word]:
        """The clause subjects of a paragraph starting in [start, end), in order: the pronoun chain and the ranker
        read only their words and tags, for every pronoun of every quotation (the paragraph's are found once,
        kept for the last `SUBJECTS_KEPT` paragraphs read)."""
        found = self._subjects.get(paragraph_index)
        if found is None:
            found = self._subjects[paragraph_index] = self._paragraph_subjects(paragraph_index)
            if len(self._subjects) > SUBJECTS_KEPT:
                del self._subjects[next(iter(self._subjects))]
        words, offsets = found
        return words[bisect.bisect_left(offsets, start) : bisect.bisect_left(offsets, end)]

    def _paragraph_subjects(self, paragraph_index: int) -> tuple[list[Word], list[int]]:
        parsed = self.analysis.paragraphs[paragraph_index].parsed
        if parsed is None:
            return [], []
        start = self.analysis.paragraphs[paragraph_index].start
        words = [Word(start + at, text, tag) for at, text, tag in
                 parsed.words(parsed.with_dependency(SUBJECT_DEPS, 0, len(parsed)))]
        return words, [word.offset for word in words]

    def offset(self, paragraph_index: int, token: Token) -> int:
        return self.analysis.paragraphs[paragraph_index].start + token.idx

    def resolve_name(self, surface: str, start: int, create: bool = True) -> int | None:
        """The member a name in the text refers to, registering a new character for an unknown name."""
        found = self.member_at(start)
        if found is not None:
            return found
        surface = clean_surface(surface)
        found = self.cast.lookup(surface)
        if found is None and create:
            parts = parse_name(surface)
            if not parts.words or (len(parts.words) == 1 and not parts.title and self.cast.is_common_word(surface.lower())):
                return None
            found = self.cast.add_late(" ".join(parts.words) if not parts.title else surface, parts)
        if found is not None:
            self.cast.add_alias(found, surface, [(start, start + len(surface))])
        return found

    def resolve_pronoun(
        self, pronoun: str, offset: int, quote: Quote | None, exclude: set[int], avoid: set[int] = frozenset()
    ) -> int | None:
        """The character a he/she refers to: the one the paragraph's pronoun chain is about (`chain_head`),
        else the latest fitting character mentioned or speaking nearby.

        `avoid` (the one who spoke the line before, when a tag introduces a reply) is taken only when no
        other character fits."""
        word = pronoun.lower()
        if word in ("i", "me", "my", "myself"):
            owner = self.pov_owner(offset)
            return owner if owner is not None else self.cast.narrator
        gender = "male" if word in MALE else "female" if word in FEMALE else None
        if gender is None:
            return None
        head = self.chain_head(gender, offset)
        found = self._nearby(gender, head if head is not None else offset, exclude, avoid)
        if found is None and head is not None:
            found = self._nearby(gender, offset, exclude, avoid)
        return found

    def chain_head(self, gender: str, offset: int) -> int | None:
        """Where the pronoun chain a he/she at `offset` continues begins: the first he (she) subject of the
        narration of its paragraph before it, or of the paragraph before when that one is narration without
        a quotation ("He crossed to the window. He was tired of it all. / 'Rain,' he said."). A character of
        that gender named as a subject after it breaks the chain (None: the nearest subject decides)."""
        pronoun = "he" if gender == "male" else "she"
        here = self.analysis.paragraph_at(offset)
        spans = [here]
        previous = here - 1
        if previous >= 0 and self.analysis.paragraphs[previous].story and previous not in self.starting_in \
                and previous not in self.ending_in and not self.in_quote(self.analysis.paragraphs[previous].start):
            spans.insert(0, previous)
        head = None
        for para in spans:
            paragraph = self.analysis.paragraphs[para]
            for word in self.subjects(para, paragraph.start, min(offset, paragraph.end)):
                if self.in_quote(word.offset):
                    continue
                if word.tag == "PRP":
                    head = word.offset if head is None and word.lower == pronoun else head
                elif head is not None and self._named_gender(word.offset) == gender:
                    return None
        return head

    def _named_gender(self, offset: int) -> str | None:
        member = self.member_at(offset)
        return self.cast.members[member].gender if member is not None else None

    def _nearby(self, gender: str, offset: int, exclude: set[int], avoid: set[int]) -> int | None:
        """The latest character of `gender` mentioned or speaking before `offset`: subjects of its paragraph,
        then of the two before it, then any mention or speaker of the last four paragraphs, then further back."""
        paragraphs = self.analysis.paragraphs
        here = self.analysis.paragraph_at(offset)
        floor = paragraphs[max(0, here - 4)].start
        candidates = [m for m in self.narration_mentions(floor, offset) if m[2] not in exclude]
        quotes = self.analysis.quotes
        recent_speakers = [
            (q.start, q.speaker)
            for q in quotes[bisect.bisect_left(self.quote_starts, floor) : bisect.bisect_left(self.quote_starts, offset)]
            if q.speaker is not None and q.speaker not in exclude
        ]
        ordered = [i for _, i in sorted([(s, i) for s, _, i in candidates] + recent_speakers, reverse=True)]
        # subjects first: the one the narration is about, in this paragraph, then in the two before it
        subjects = [(s, i) for s, e, i in reversed(candidates) if any(o in self.subject_offsets for o in range(s, e))]
        near = paragraphs[max(0, here - 2)].start
        pools = (
            [i for s, i in subjects if s >= paragraphs[here].start],
            [i for s, i in subjects if s >= near],
            ordered,
        )
        for allowed in (lambda i: i not in avoid, lambda i: True):
            for pool in pools:
                for index in pool:
                    if allowed(index) and self.cast.members[index].gender == gender:
                        return index
        far = paragraphs[max(0, here - FAR_PARAGRAPHS)].start
        for _, _, index in reversed(self.narration_mentions(far, floor)):
            if index not in exclude and self.cast.members[index].gender == gender:
                return index  # nobody fits nearby: the last fitting character further back (a long pronoun chain)
        unknown = [i for i in ordered if self.cast.members[i].gender is None and self.cast.members[i].kind == "named"]
        by_name = [i for i in unknown if name_gender(self.cast.members[i].name) == gender]
        unknown = [i for i in unknown if name_gender(self.cast.members[i].name) is None]
        return by_name[0] if by_name else unknown[0] if unknown else None


def other_participant(context: Context, number: int, exclude: set[int] = frozenset()) -> tuple[int | None, str]:
    """The one who spoke last in the conversation, else the one who answers, other than the speaker."""
    quotes = context.analysis.quotes
    conversation = context.conversation
    quote = quotes[number]
    exclude = {*exclude, quote.speaker}
    for index in range(number - 1, max(-1, number - 6), -1):
        other = quotes[index]
        if conversation[index] != conversation[number]:
            break
        if other.kind in ("speech", "telepathy") and other.speaker is not None and other.speaker not in exclude:
            return other.speaker, "previous-speaker"
    for index in range(number + 1, min(len(quotes), number + 4)):
        other = quotes[index]
        if conversation[index] != conversation[number]:
            break
        if other.kind in ("speech", "telepathy") and other.speaker is not None and other.speaker not in exclude:
            return other.speaker, "next-speaker"
    return None, "none"


def _conversations(analysis: Analysis) -> list[int]:
    """A conversation id per quote: a new one after a scene change or more than two quiet paragraphs."""
    ids: list[int] = []
    current = 0
    previous = None
    for quote in analysis.quotes:
        if previous is not None:
            a, b = analysis.paragraphs[previous.last_para], analysis.paragraphs[quote.para]
            quiet = sum(
                1 for p in analysis.paragraphs[previous.last_para + 1 : quote.para] if p.story
            )
            if a.scene != b.scene or quiet > 2:
                current += 1
        ids.append(current)
        previous = quote
    return ids
