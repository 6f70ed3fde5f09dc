"""Name candidates from the parse, each with the evidence that it names a person rather than a place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from wordfreq import zipf_frequency

from ficlens.analysis import Analysis
from ficlens.cast.gender import is_first_name
from ficlens.cast.junk import COMMON_ZIPF
from ficlens.cast.names import HONORIFICS, NameParts, clean_surface, parse_name, title_of
from ficlens.cast.words import (
    ADDRESS_WORDS,
    HONORIFIC_TAIL,
    INTERPERSONAL,
    MONTH_LEADS,
    NAME_MONTHS,
    NAME_PARTICLES,
    NOT_NAMES,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    PROPER_TAGS,
    SENTENCE_ADVERBS,
    STATE_VERBS,
    THING_DETERMINERS,
)
from ficlens.dialogue.lexicon import CLAUSE_STARTS, SPEECH_VERBS

HYPHENS = {"-", "‐", "‑"}
HYPHEN_PARTICLES = {"the", "of", "de", "la", "le", "du", "von", "van", "da", "di", "al", "el", "ben"}
MAX_SYLLABLE_LETTERS = 4
"""A lower-case part after a hyphen this short is a syllable of the name ("Ji-woo"); longer ones are words."""
ENGLISH_SUFFIXES = {"like", "ish", "type", "free", "less", "ness", "ward", "wise", "esque", "era", "fan", "bot"}
CLOSING_MARKS = {'"', "”", "’", "'"}
MARKUP_MARKS = {"_", "*", "__", "**"}
"""Plain-text italics and bold marks: formatting, not the word before a name."""

ADVERB_ZIPF = 2.0
"""An -ly word at least this frequent in English is an adverb before it is part of a name ("Unluckily": 2.15)."""
POV_MARKS = frozenset({"POV", "PoV", "Pov"})
"""What follows a name in "Ciri POV" and is no part of it."""
MIN_NAME_LETTERS = 3
"""A word the tagger missed is taken for a name from this length ("Al" or "Bo" may be anything)."""


@dataclass
class Candidate:
    start: int
    end: int
    surface: str
    parts: NameParts
    in_quote: bool
    person: float = 0.0
    place: float = 0.0
    reasons: set[str] = field(default_factory=set)
    """What makes this use a person's (`model.CastEvidence` values)."""


class CommonWords:
    """Words the text itself uses in lower case: "Nothing," opening a line is not a name, "Will" may be."""

    def __init__(self, text: str) -> None:
        self.lower = Counter(re.findall(r"\b[a-z][a-z'’]+\b", text))
        self.capital = Counter(re.findall(r"\b[A-Z][a-z'’]+\b", text))

    def is_word(self, key: str) -> bool:
        if " " in key:
            return False
        lowered = self.lower.get(key, 0)
        return lowered >= 2 and lowered >= self.capital.get(key.capitalize(), 0) / 2


def find_candidates(analysis: Analysis, common: CommonWords, first: int = 0, end: int | None = None
                    ) -> Iterator[Candidate]:
    """Runs of capitalised proper-noun tokens (with a title before or an honorific after), paragraph by
    paragraph (those numbered `first` to `end`), each with its person-or-place evidence."""
    quotes = _QuoteCursor([(q.start, q.end) for q in analysis.quotes])
    known: dict[int, bool] = {}
    for paragraph in analysis.paragraphs[first:end]:
        if paragraph.parsed is not None:
            capitals = paragraph.parsed.starting_upper(known)
            yield from _paragraph_candidates(analysis.text, paragraph.start, _Tokens(paragraph.doc), capitals,
                                             common, quotes)


def middle_paragraph(analysis: Analysis) -> int:
    """The paragraph holding the middle of the text: the candidates of those before it are found here, the
    others ahead (`later_candidates`) where two processes run."""
    return analysis.paragraph_at(len(analysis.text) // 2) if analysis.paragraphs else 0


def later_candidates(analysis: Analysis) -> list[Candidate]:
    """The candidates from the middle paragraph on: from the text, the parse and the quotations alone, so found
    ahead (`ahead.py`) while this process finds those before it."""
    return list(find_candidates(analysis, CommonWords(analysis.text), middle_paragraph(analysis)))


class _Tokens(Sequence):
    """A `Doc`'s tokens, each made on first use: a name starts only at a capitalised word, so most tokens of a
    paragraph are never looked at (0.15 -> 0.11 CPU s per 100,000 words, the `Doc`s already rebuilt)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.made: list[Token | None] = [None] * len(doc)

    def __len__(self) -> int:
        return len(self.made)

    def __getitem__(self, index: int) -> Token:
        token = self.made[index]
        if token is None:
            token = self.made[index] = self.doc[index]
        return token


class _QuoteCursor:
    """Whether an offset lies inside a quotation, for offsets asked in increasing order."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.position = 0

    def around(self, offset: int) -> tuple[int, int] | None:
        """The quotation `offset` lies in, or None."""
        while self.position < len(self.spans) and self.spans[self.position][1] <= offset:
            self.position += 1
        if self.position < len(self.spans) and self.spans[self.position][0] <= offset:
            return self.spans[self.position]
        return None


def _paragraph_candidates(
    text: str, base: int, tokens: Sequence[Token], capitals: list[int], common: CommonWords, quotes: _QuoteCursor
) -> Iterator[Candidate]:
    """`capitals`: the indices of the capitalised tokens, in order (no other token starts a name)."""
    past = 0
    for i in capitals:
        if i < past or not (_starts_name(text, base, tokens, i) or _mistagged_subject(tokens[i], common)):
            continue
        j = _name_end(tokens, i)
        if _is_title_token(tokens, i) and j == i + 1:
            continue
        candidate, past = _candidate(text, base, tokens, i, j, common, quotes)
        if candidate is not None:
            yield candidate


def _starts_name(text: str, base: int, tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    word = token.text
    if (word.lower() in NOT_NAMES or _is_adverb(word) or _a_month(tokens, i)) and not _is_title_token(tokens, i):
        return False  # "Unluckily Aziz hit him", "by the middle of June Kitty was": the name starts after
    return word[:1].isupper() and bool(
        token.tag_ in PROPER_TAGS or _is_title_token(tokens, i)
        or HONORIFIC_TAIL.match(text, base + token.idx + len(word))
    )


def _a_month(tokens: Sequence[Token], i: int) -> bool:
    """A month that is also a given name, after a word of time ("in May", "of June", "last April")."""
    return tokens[i].lower_ in NAME_MONTHS and i > 0 and tokens[i - 1].lower_ in MONTH_LEADS


def _mistagged_subject(token: Token, common: CommonWords) -> bool:
    """A capitalised subject the tagger calls a common noun ("Haymitch falls into step", after a quotation) is a
    name when English hardly knows the word and the text never writes it in lower case."""
    word = token.text
    return (
        token.tag_ == "NN" and token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB"
        and word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) >= MIN_NAME_LETTERS
        and zipf_frequency(word.lower(), "en") < COMMON_ZIPF and not common.lower.get(word.lower())
    )


def _name_end(tokens: Sequence[Token], i: int) -> int:
    """Past the last token of the name starting at `i`: adjacent proper nouns, and particles between them
    ("Mr. van der Luyden", "Lady Catherine de Bourgh"), never particles at the end, nor a point-of-view mark
    after it ("Ciri POV")."""
    j = _past_hyphens(tokens, i + 1)
    while j < len(tokens) and tokens[j].idx == tokens[j - 1].idx + len(tokens[j - 1].text) + 1:
        if tokens[j].text in POV_MARKS:
            break
        if tokens[j].text[:1].isupper() and (
            tokens[j].tag_ in PROPER_TAGS or (tokens[j].tag_ == "NN" and tokens[j - 1].text.endswith("."))
        ):
            j = _past_hyphens(tokens, j + 1)
        elif tokens[j].lower_ in NAME_PARTICLES:
            k = _after_particles(tokens, j)
            if k < len(tokens) and tokens[k].text[:1].isupper() and tokens[k].tag_ in PROPER_TAGS:
                j = k
            else:
                break
        else:
            break
    while j > i + 1 and tokens[j - 1].lower_ in NAME_PARTICLES:
        j -= 1
    return j


def _past_hyphens(tokens: Sequence[Token], j: int) -> int:
    """Past the hyphenated parts that continue the word before `j`: "Jean-Luc", "Seo-yeon", "Winnie-the-Pooh"
    (the tokenizer splits them), never an honorific ("Naruto-kun": the candidate's tail) nor an English
    suffix ("Malfoy-like")."""
    while j + 1 < len(tokens) and _attached(tokens, j) and _attached(tokens, j + 1) and tokens[j].text in HYPHENS:
        part = tokens[j + 1].text
        if part[:1].isupper() and part.isalpha():
            j += 2
        elif part.lower() in HYPHEN_PARTICLES and j + 3 < len(tokens) and tokens[j + 2].text in HYPHENS and (
            _attached(tokens, j + 2) and _attached(tokens, j + 3) and tokens[j + 3].text[:1].isupper()
        ):
            j += 4  # "Winnie-the-Pooh"
        elif part.islower() and part.isalpha() and len(part) <= MAX_SYLLABLE_LETTERS and (
            part not in HONORIFICS and part not in ENGLISH_SUFFIXES
        ):
            j += 2  # the second syllable of a romanised given name: "Seo-yeon", "Min-ho"
        else:
            break
    return j


def _attached(tokens: Sequence[Token], k: int) -> bool:
    """No space between token k and the one before it."""
    return tokens[k].idx == tokens[k - 1].idx + len(tokens[k - 1].text)


def _after_particles(tokens: Sequence[Token], k: int) -> int:
    while k < len(tokens) and tokens[k].lower_ in NAME_PARTICLES:
        k += 1
    return k


def _candidate(
    text: str, base: int, tokens: Sequence[Token], i: int, j: int, common: CommonWords, quotes: _QuoteCursor
) -> tuple[Candidate | None, int]:
    """The candidate for tokens [i, j) (an honorific tail may extend it: the new `j` comes back)."""
    start = base + tokens[i].idx
    end = base + tokens[j - 1].idx + len(tokens[j - 1].text)
    tail = HONORIFIC_TAIL.match(text, end)
    if tail:
        end = tail.end()
        while j < len(tokens) and base + tokens[j].idx < end:
            j += 1
    start, surface = _drop_leading_words(clean_surface(text[start:end]), start, common)
    end = _span_end(text, start, surface)
    parts = parse_name(surface)
    if not (parts.words and parts.words[-1].lower() not in NOT_NAMES or parts.title):
        return None, j
    quote = quotes.around(start)
    candidate = Candidate(start, end, surface, parts, quote is not None)
    weigh_evidence(candidate, tokens, i, j, None if quote is None else (quote[0] - base, quote[1] - base))
    return candidate, j


def _drop_leading_words(surface: str, start: int, common: CommonWords) -> tuple[int, str]:
    """"Dearest Jane", "Poor Mary", "Thank Heaven Mrs. Hilbery": the words before are not the name."""
    leading = surface.split(" ", 1)
    while len(leading) == 2 and not title_of(leading[0]) and (
        common.is_word(leading[0].lower()) or leading[0].lower() in ADDRESS_WORDS | NOT_NAMES
    ):
        start += len(leading[0]) + 1
        surface = leading[1].lstrip()
        leading = surface.split(" ", 1)
    return start, surface


def _is_adverb(word: str) -> bool:
    """An English adverb that opens a sentence ("Unluckily", "Hitherto"), not a name ("Emily", "Kelly")."""
    return word.lower() in SENTENCE_ADVERBS or (
        word.endswith("ly") and word.isalpha() and not is_first_name(word)
        and zipf_frequency(word.lower(), "en") >= ADVERB_ZIPF
    )


def _span_end(text: str, start: int, surface: str) -> int:
    """Where the name ends in the text; for a name broken over a line, the text's own span."""
    end = start + len(surface)
    if text[start:end] != surface:
        last = surface.split()[-1]
        end = start + len(text[start : end + 2].split(last)[0]) + len(last)
    return end


def _is_title_token(tokens: Sequence[Token], i: int) -> bool:
    """A capitalised title followed by a name ("Mr. Darcy", "Mr. van der Luyden")."""
    if title_of(tokens[i].text) is None or not tokens[i].text[:1].isupper():
        return False
    k = _after_particles(tokens, i + 1)
    return k < len(tokens) and tokens[k].text[:1].isupper()


def weigh_evidence(
    candidate: Candidate, tokens: Sequence[Token], i: int, j: int, quote: tuple[int, int] | None = None
) -> None:
    """Person or place: titles, honorifics, being a subject, being addressed count for a person;
    place prepositions and place words for a place. `quote`: the quotation the name is in (offsets in the
    paragraph), whose words are never the subject of a verb outside it ("Hush!" said the girl)."""
    parts = candidate.parts
    if parts.title:
        candidate.person += 3
        candidate.reasons.add("title")
    if parts.honorific:
        candidate.person += 3
        candidate.reasons.add("honorific")
    head = tokens[j - 1]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX") and (
        quote is None or quote[0] <= head.head.idx < quote[1]
    ):
        candidate.person += 2 if head.head.lower_ in SPEECH_VERBS else 1
        if head.head.pos_ == "VERB" and head.head.lemma_ not in STATE_VERBS:
            candidate.reasons.add("subject")  # "Paradis was far", "Marley has one less": no person
    elif not candidate.in_quote and _inverted_tag(tokens, i):
        candidate.person += 2  # '"More tea?" asked Jane.': the parse rarely makes Jane the subject
        candidate.reasons.add("speaks")
    if head.dep_ == "poss" or (j < len(tokens) and tokens[j].text in ("'s", "’s")):
        candidate.person += 0.5
    before = _before_markup(tokens, i)
    previous = tokens[before].text.lower() if before >= 0 else ""
    if previous in ("at", "near", "towards", "toward") and tokens[before].head.lower_ in INTERPERSONAL:
        pass
    elif previous in PLACE_PREPOSITIONS or previous in THING_DETERMINERS and not parts.title:
        candidate.place += 1  # "the Steadfast Gull", "the _Aurora_", "her Koffing": a ship, a place, a kind
    elif previous == "to" and tokens[before].head.lower_ not in INTERPERSONAL and tokens[before].head.lower_ not in SPEECH_VERBS:
        candidate.place += 0.5
    if any(word.lower() in PLACE_WORDS for word in parts.words[1:]):
        candidate.place += 5
    if candidate.in_quote and (i <= 1 or tokens[i - 1].text in (",", "Dear", "dear", "Hey", "hey", "Oh", "oh")):
        follows = tokens[j].text if j < len(tokens) else ""
        after_comma = i > 1 and tokens[i - 1].text == ","  # "Welcome home, Christopher."
        if follows == "," and not _another_addressee(tokens, j + 1) or follows.lower() in CLAUSE_STARTS or (
            after_comma and follows in (".", "!", "?", "…", '"', "”")
        ):
            candidate.person += 1  # "Lizzy, ...", "I know, Kurama." address someone; "Liar." only exclaims
            candidate.reasons.add("addressed")


def _before_markup(tokens: Sequence[Token], i: int) -> int:
    """The index of the word before token `i`, past italics or bold marks ("the _Aurora_"); -1 at the start."""
    k = i - 1
    while k >= 0 and tokens[k].text in MARKUP_MARKS:
        k -= 1
    return k


def _another_addressee(tokens: Sequence[Token], k: int) -> bool:
    """"Hush, Dick!", "Lor, my dear": a name or "my" after the comma is the one addressed, and the word before
    it an exclamation."""
    return k < len(tokens) and (tokens[k].tag_ in PROPER_TAGS or tokens[k].lower_ == "my")


def _inverted_tag(tokens: Sequence[Token], i: int) -> bool:
    """The name right after a speech verb right after a quotation ("More tea?" asked Jane)."""
    return i >= 2 and tokens[i - 1].lower_ in SPEECH_VERBS and tokens[i - 2].text in CLOSING_MARKS
