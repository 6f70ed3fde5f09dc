"""A learned second opinion where no name is in the tag: rank the candidate speakers.

The rule sieve (`speakers.py`) decides named tags well; for the rest (action beats, turn-taking, vocative
replies ..., and which he or she a "she said" means) gradient-boosted trees over candidate features re-rank
the characters who could be speaking: the recent and the next speakers of the conversation (and whether a tag
named them), the characters named or acting as subjects in the narration around the quotation and how
recently, those addressed by name, the pronouns nearby, each character's share of the lines, and the sieve's
own choice with the rule that chose it (so the model learns how far to trust each rule).

It runs twice: the second pass reads the first one's choices as the conversation's speakers, so a line set
right corrects the features of its neighbours; in the last pass the speakers of back-to-back untagged turns are
chosen together (`turns.decode_turns`, a search over the run). The trees are a JSON file
(`models/speaker_ranker.json`) trained by `training/train_speaker_ranker.py` on PDNC with whole novels held out;
its model card is `models/README.md`. Without the file the step does nothing.
"""

from __future__ import annotations

import bisect
import json
import math
import multiprocessing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING

from ficlens.analysis import Analysis, Quote
from ficlens.cast.cast import Cast, Mention
from ficlens.dialogue.boosted import Forest
from ficlens.dialogue.context import NEAR, Context, Word
from ficlens.dialogue.turns import Scores, best_member, decode_turns
from ficlens.model import Evidence
from ficlens.nlp import processes_for

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


NearSubjects = list[tuple[str, list[Word]]]
"""(name, subjects) of the narration spans around a quotation."""

RANKED_EVIDENCE: tuple[Evidence, ...] = (
    "action-beat", "previous-narration", "same-paragraph", "vocative-reply", "turn-taking", "conversation", "none",
    "ranker",
)


SCORED_AT_ONCE = 500
"""Quotations whose candidates are scored in one matrix: a 1M-word work has ~100,000 (all at once cost ~180 MB).
The step's peak over what precedes it on a 100k-word work is 22 MB (1,000 at once: 33, 2,000: 49), at the same
speed."""
RANKED_IN_TWO = 1_000
"""Ranked quotations from which a pass scores its second half in a forked process, when two processes pay for
the text and a core is free now (`nlp.processes_for`, the parse's own rule, asked again at this step): below,
starting the process costs about what it saves."""
MAX_CONFIDENCE = 0.9
"""The most a ranked choice claims: the trees are fitted in-sample on PDNC and over-confident there."""

MAX_TURNS = 6
"""How many earlier lines of the conversation give features."""
RECENT_PARAGRAPHS = 12
"""How far back (at least to the conversation's start) the narration's mentions give recency features."""


def pronoun_tagged(quote: Quote) -> bool:
    """A "he said" / "she said" line: the tag is explicit, but which he or she is a guess worth a second
    opinion."""
    return quote.evidence == "explicit-tag" and quote.tag_gender is not None


def ranked(quote: Quote) -> bool:
    """Whether the ranker judges this quotation's speaker."""
    return quote.kind != "telepathy" and (quote.evidence in RANKED_EVIDENCE or pronoun_tagged(quote))


@dataclass
class Candidate:
    member: int
    features: dict[str, float]


class _Pool:
    """Candidates and their features; a feature seen twice keeps its larger value."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.features: dict[int, dict[str, float]] = {}

    def add(self, member: int | None, name: str, value: float = 1.0) -> None:
        if member is None or member in self.cast.merged:
            return
        entry = self.features.setdefault(member, {})
        entry[name] = max(entry.get(name, 0.0), value)


class _Lookups:
    """What the features of one pass look up again and again, found once: the mentions in the narration (outside
    every quotation) in text order, where each conversation and paragraph starts, and each character's
    provisional gender."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.narration = [m for m in context.cast.mentions if not context.in_quote(m[0])]
        self.narration_starts = [m[0] for m in self.narration]
        self.paragraph_starts = [p.start for p in context.analysis.paragraphs]
        self.conversation_start: dict[int, int] = {}
        for number, conversation in enumerate(context.conversation):
            self.conversation_start.setdefault(conversation, number)
        self.genders: dict[int, str | None] = {}
        self._spoken: tuple[int, int, Counter] = (0, 0, Counter())

    def lines_spoken(self, first: int, end: int) -> Counter:
        """The lines each character speaks in quotations `first` to `end` (first spoken first), counted on from
        the last call's when `first` is the same and `end` no smaller (as the quotations of a conversation
        come in order): a long conversation is not counted again for every line."""
        counted_from, counted_to, counts = self._spoken
        if counted_from != first or counted_to > end:
            counted_to, counts = first, Counter()
        counts.update(q.speaker for q in self.context.analysis.quotes[counted_to:end] if q.speaker is not None)
        self._spoken = (first, end, counts)
        return counts

    def paragraph_at(self, offset: int) -> int:
        """As `Analysis.paragraph_at`, by bisection."""
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)

    def gender(self, member: int) -> str | None:
        if member not in self.genders:
            self.genders[member] = self.context.cast.provisional_gender(member)
        return self.genders[member]

    def narration_mentions(self, start: int, end: int) -> list[Mention]:
        """As `Context.narration_mentions`, by bisection."""
        return self.narration[bisect.bisect_left(self.narration_starts, start):
                              bisect.bisect_left(self.narration_starts, end)]


@dataclass
class Counts:
    """How many lines each character has before a quotation (`before`) and in the whole work (`total`), as the
    sieve attributed them: a main character is a likelier speaker than one named once."""

    before: Counter
    total: Counter

    @classmethod
    def of(cls, quotes: list[Quote], number: int) -> Counts:
        return cls(Counter(q.speaker for q in quotes[:number] if q.speaker is not None),
                   Counter(q.speaker for q in quotes if q.speaker is not None))


def candidates(context: Context, number: int, counts: Counts, lookups: _Lookups) -> list[Candidate]:
    """Every character who could say quotation `number`, with its features (`counts`: the lines each
    character has; `lookups`: the pass's indexes, kept from one quotation to the next)."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    pool = _Pool(context.cast)
    if quote.speaker is not None:
        pool.add(quote.speaker, "sieve")
        pool.add(quote.speaker, "sieve-pronoun-tag" if pronoun_tagged(quote) else f"sieve:{quote.evidence}")
    _turn_features(pool, context, number)
    _next_line_features(pool, context, number)
    _mention_features(pool, context, quote, lookups)
    near = _near_subjects(context, quote)
    _subject_features(pool, context, quote, near)
    _recency_features(pool, context, number, lookups)
    for vocative in quote.vocatives:
        pool.add(vocative, "addressed-here")
    for _, _, member in context.mentions_between(quote.inner_start, quote.inner_end):
        pool.add(member, "named-inside")
    if quote.head_owner is not None:
        pool.add(quote.head_owner, "head-owner")
    shared = _quote_features(context, number)
    pronouns = _pronoun_genders(near)
    total = sum(counts.total.values()) or 1
    result = []
    for member, features in pool.features.items():
        character = context.cast.members[member]
        features["narrator"] = 1.0 if character.kind == "narrator" else 0.0
        features["unnamed"] = 1.0 if character.kind == "unnamed" else 0.0
        features["lines-so-far"] = math.log1p(counts.before.get(member, 0)) / 5.0
        features["line-share"] = counts.total.get(member, 0) / total
        features["bias-candidates"] = 1.0 / len(pool.features)
        gender = lookups.gender(member)
        features["gender-known"] = 1.0 if gender else 0.0
        features["tag-gender-agrees"] = 1.0 if gender and gender == quote.tag_gender else 0.0
        for name, pronoun in pronouns.items():
            if gender and pronoun:
                features[f"{name}-{'agrees' if pronoun == gender else 'disagrees'}"] = 1.0
        features.update(shared)
        result.append(Candidate(member, features))
    return result


def _quote_features(context: Context, number: int) -> dict[str, float]:
    """What every candidate of a quotation shares: how long it is, where it sits in its paragraph and its
    conversation (a tree model weighs the other features by them)."""
    analysis = context.analysis
    quote = analysis.quotes[number]
    paragraph = analysis.paragraphs[quote.para]
    text = analysis.text
    position = 0
    while number - position > 0 and context.conversation[number - position - 1] == context.conversation[number]:
        position += 1
    return {
        "q-length": math.log1p(quote.inner_end - quote.inner_start) / 8.0,
        "q-opens-paragraph": 0.0 if text[paragraph.start : quote.start].strip() else 1.0,
        "q-whole-paragraph": 0.0 if text[paragraph.start : quote.start].strip()
        or text[quote.end : analysis.paragraphs[quote.last_para].end].strip() else 1.0,
        "q-conversation-position": math.log1p(position) / 4.0,
        "q-thought": 1.0 if quote.kind == "thought" else 0.0,
    }


def _pronoun_genders(near: NearSubjects) -> dict[str, str | None]:
    """The gender of the nearest he/she subject in the narration before and after the quotation (in its own
    paragraphs): a "she" just before a line makes a woman its likelier speaker."""
    subjects = dict(near)
    found: dict[str, str | None] = {}
    for name, words in (("pronoun-before", subjects["subject-before"][::-1]),
                        ("pronoun-after", subjects["subject-after"])):
        found[name] = next(("male" if w.lower == "he" else "female" for w in words if w.lower in ("he", "she")),
                           None)
    return found


def _recency_features(pool: _Pool, context: Context, number: int, lookups: _Lookups) -> None:
    """How recently each character was named in the narration (paragraphs back, rank among those named) and
    how often in the conversation so far."""
    analysis = context.analysis
    quotes = analysis.quotes
    quote = quotes[number]
    first = lookups.conversation_start[context.conversation[number]]
    floor = analysis.paragraphs[max(0, min(quotes[first].para, quote.para - RECENT_PARAGRAPHS))].start
    mentions = lookups.narration_mentions(floor, quote.start)
    members = [member for _, _, member in mentions]
    last = dict(zip(members, range(len(members)), strict=True))  # member -> the place of its last mention
    for rank, (member, place) in enumerate(sorted(last.items(), key=lambda item: -item[1]), start=1):
        distance = quote.para - lookups.paragraph_at(mentions[place][0])
        pool.add(member, "mention-recency", 1.0 / (1.0 + distance))
        pool.add(member, f"mention-rank-{min(rank, 4)}")
    for member, times in Counter(members).items():
        pool.add(member, "mentions-in-conversation", math.log1p(times) / 3.0)
    earlier = number  # the lines of earlier paragraphs: those of the quotation's own are the last before it
    while earlier > first and quotes[earlier - 1].para == quote.para:
        earlier -= 1
    for member, times in lookups.lines_spoken(first, earlier).items():
        pool.add(member, "lines-in-conversation", math.log1p(times) / 3.0)


def _turn_features(pool: _Pool, context: Context, number: int) -> None:
    """Earlier lines of the conversation, one per paragraph, most recent first: who spoke them, whom they
    addressed, and whether two speakers alternate."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    turns: list[Quote] = []
    for index in range(number - 1, -1, -1):
        if context.conversation[index] != context.conversation[number] or len(turns) >= MAX_TURNS:
            break
        other = quotes[index]
        if other.para == quote.para or (turns and turns[-1].para == other.para):
            continue
        turns.append(other)
    for rank, turn in enumerate(turns, start=1):
        pool.add(turn.speaker, f"turn-{min(rank, 4)}")
        if rank <= 2 and turn.evidence == "explicit-tag":
            pool.add(turn.speaker, f"turn-{rank}-tagged")
        for vocative in turn.vocatives:
            if vocative != turn.speaker:
                pool.add(vocative, f"addressed-in-turn-{min(rank, 2)}")
    if len(turns) >= 2 and turns[1].speaker is not None and turns[1].speaker != turns[0].speaker:
        pool.add(turns[1].speaker, "alternation")
        distinct = {t.speaker for t in turns[:4] if t.speaker is not None}
        if len(distinct) == 2:
            pool.add(turns[1].speaker, "alternation-two-party")


def _next_line_features(pool: _Pool, context: Context, number: int) -> None:
    """The next two lines of the conversation (one per paragraph): a reply names, and is spoken by, someone
    other than this speaker; the line after it, in an exchange of two, by this one. A tagged line is surer."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    turns: list[Quote] = []
    for index in range(number + 1, min(len(quotes), number + 8)):
        if context.conversation[index] != context.conversation[number] or len(turns) == 2:
            break
        other = quotes[index]
        if other.para == quote.para or (turns and turns[-1].para == other.para):
            continue
        turns.append(other)
    for rank, turn in enumerate(turns, start=1):
        name = "speaks-next" if rank == 1 else "speaks-next-2"
        pool.add(turn.speaker, name)
        if turn.evidence == "explicit-tag":
            pool.add(turn.speaker, f"{name}-tagged")
        if rank == 1:
            for vocative in turn.vocatives:
                pool.add(vocative, "addressed-next")


def _mention_features(pool: _Pool, context: Context, quote: Quote, lookups: _Lookups) -> None:
    """Characters named in the narration around the quotation, and which was named last."""
    paragraphs = context.analysis.paragraphs
    paragraph = paragraphs[quote.para]
    windows = (
        ("para-before", max(paragraph.start, quote.start - NEAR), quote.start),
        ("para-after", quote.end, min(paragraphs[quote.last_para].end, quote.end + NEAR)),
        ("prev-para", max(paragraphs[max(0, quote.para - 1)].start, paragraph.start - NEAR), paragraph.start),
        ("earlier", max(paragraphs[max(0, quote.para - 4)].start, quote.start - 3 * NEAR),
         paragraphs[max(0, quote.para - 1)].start),
    )
    for name, start, end in windows:
        mentions = lookups.narration_mentions(start, end) if end > start else []
        for position, (mention_start, _, member) in enumerate(reversed(mentions)):
            pool.add(member, name)
            if position == 0:
                pool.add(member, f"{name}-last")
            if name == "earlier":
                pool.add(member, "earlier-distance", 1.0 / (1.0 + (quote.start - mention_start) / 500.0))


def _near_subjects(context: Context, quote: Quote) -> NearSubjects:
    """The subjects in the narration just before the quotation, just after it and at the end of the paragraph
    before: found once, read by the subject and the pronoun-gender features."""
    paragraphs = context.analysis.paragraphs
    paragraph = paragraphs[quote.para]
    near = []
    for name, para, start, end in (
        ("subject-before", quote.para, max(paragraph.start, quote.start - NEAR), quote.start),
        ("subject-after", quote.last_para, quote.end, min(paragraphs[quote.last_para].end, quote.end + NEAR)),
        ("subject-prev-para", max(0, quote.para - 1),
         max(paragraphs[max(0, quote.para - 1)].start, paragraph.start - NEAR), paragraph.start),
    ):
        words = [w for w in context.subjects(para, start, end) if not context.in_quote(w.offset)] if end > start else []
        near.append((name, words))
    return near


def _subject_features(pool: _Pool, context: Context, quote: Quote, near: NearSubjects) -> None:
    """Subjects of the narration around the quotation (a he or she resolved to a character)."""
    for name, words in near:
        for word in words:
            if word.tag == "PRP" and word.lower in ("he", "she"):
                pool.add(context.resolve_pronoun(word.text, word.offset, quote, set()), name)
            else:
                pool.add(context.member_at(word.offset), name)


def ranked_pools(context: Context, first: int = 0, end: int | None = None) -> Iterator[tuple[int, list[Candidate]]]:
    """Each quotation the ranker judges (of those numbered `first` to `end`), with its candidates (features
    from the sieve's attributions, as in training); a candidate of the other gender than a he/she tag is never
    one. A generator, so a long work's feature dictionaries need not all exist at once."""
    quotes = context.analysis.quotes
    counts = Counts.of(quotes, first)
    lookups = _Lookups(context)
    for number in range(first, len(quotes) if end is None else end):
        quote = quotes[number]
        if number > first and quotes[number - 1].speaker is not None:
            counts.before[quotes[number - 1].speaker] += 1
        if not ranked(quote):
            continue
        pool = [c for c in candidates(context, number, counts, lookups)
                if not quote.tag_gender or lookups.gender(c.member) in (None, quote.tag_gender)]
        if pool:
            yield number, pool


@lru_cache(maxsize=1)
def load_model() -> tuple[Forest, ...]:
    """The passes of the ranker (none without the file): the second reads the first one's choices as the
    conversation's speakers, so a line set right corrects the features of the lines around it."""
    try:
        raw = (resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return ()
    return tuple(Forest.from_json(forest) for forest in json.loads(raw)["passes"])


def rank_speakers(analysis: Analysis) -> None:
    passes = load_model()
    if not passes:
        return
    context = Context.build(analysis)
    processes = processes_for(len(analysis.text))
    for model in passes[:-1]:
        rank_once(context, model, processes)
    rank_jointly(context, passes[-1], processes)
    context.cast.note_speakers(q.speaker for q in analysis.quotes)


Choice = tuple[int, int, float]
"""(quotation number, the member chosen, confidence)."""


def rank_once(context: Context, model: Forest, processes: int = 1) -> None:
    """Score every candidate of every ranked quotation and give each quotation its best one."""
    choices = []
    for number, pool in scored_pools(context, model, processes).items():
        member = best_member(pool)
        choices.append((number, member, _confidence(pool, member)))
    apply_choices(context, choices)


def rank_jointly(context: Context, model: Forest, processes: int = 1) -> None:
    """The last pass: each line's best candidate, except that the speakers of back-to-back untagged turns are
    chosen together (`turns.decode_turns`: an exchange alternates)."""
    scored = scored_pools(context, model, processes)
    joint = decode_turns(context, scored, lambda quote: not pronoun_tagged(quote))
    choices = []
    for number, pool in scored.items():
        member = joint.get(number, best_member(pool))
        choices.append((number, member, _confidence(pool, member)))
    apply_choices(context, choices)


def _confidence(pool: list[tuple[int, float]], member: int) -> float:
    """The chosen candidate's softmax share of its pool, capped at `MAX_CONFIDENCE`."""
    chosen = next(score for m, score in pool if m == member)
    total = sum(math.exp(score - chosen) for _, score in pool)
    return round(min(MAX_CONFIDENCE, 1.0 / total), 3)


def apply_choices(context: Context, choices: list[Choice]) -> None:
    """Give each quotation its chosen speaker, after all are chosen: every feature of a pass is read from the
    attributions before it (as in training), so the quotations are independent."""
    for number, member, confidence in choices:
        quote = context.analysis.quotes[number]
        if pronoun_tagged(quote):
            quote.tag_speaker = member  # the same tag, its he or she resolved again
        elif member != quote.speaker:
            quote.evidence = "ranker"
        quote.speaker = member
        quote.confidence = confidence


def scored_pools(context: Context, model: Forest, processes: int = 1) -> Scores:
    """Every ranked quotation's candidates with their raw scores; with two processes the second half of the
    quotations is scored in a forked one."""
    quotes = context.analysis.quotes
    numbers = [number for number, quote in enumerate(quotes) if ranked(quote)]
    if processes == 2 and len(numbers) >= RANKED_IN_TWO:
        return _score_in_two(context, model, numbers[len(numbers) // 2])
    return _score(context, model, 0, len(quotes))


def _score_in_two(context: Context, model: Forest, middle: int) -> Scores:
    """The scores for the quotations before `middle` made here, the others in a forked process that shares
    this one's analysis as it is (copy-on-write) and sends back only its scores; if it dies, they are made
    here."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    child = fork.Process(target=_score_and_send, args=(context, model, middle, sending), daemon=True)
    child.start()
    sending.close()
    with receiving:
        try:
            scores = _score(context, model, 0, middle)
            try:
                later: Scores = receiving.recv()
            except (EOFError, OSError):
                later = _score(context, model, middle, len(context.analysis.quotes))
        finally:  # it has sent its scores, or died, or this process failed: it is no longer needed
            child.kill()
            child.join()
    return scores | later


def _score_and_send(context: Context, model: Forest, middle: int, sending: Connection) -> None:
    with sending:
        sending.send(_score(context, model, middle, len(context.analysis.quotes)))


def _score(context: Context, model: Forest, first: int, end: int) -> Scores:
    """The candidates of each ranked quotation numbered `first` to `end` with their raw scores, scored
    `SCORED_AT_ONCE` quotations at a time to bound memory."""
    scored: Scores = {}
    pools = ranked_pools(context, first, end)
    while chunk := list(islice(pools, SCORED_AT_ONCE)):
        scores = iter(model.scores([c.features for _, pool in chunk for c in pool]).tolist())
        for number, pool in chunk:
            scored[number] = [(c.member, next(scores)) for c in pool]
    return scored
