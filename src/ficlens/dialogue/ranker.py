"""A learned second opinion for quotations without an explicit tag: rank the candidate speakers.

The rule sieve (`speakers.py`) decides explicit tags well; for the rest (action beats, turn-taking, vocative
replies ...) a logistic model over candidate features re-ranks the characters who could be speaking: the
recent speakers of the conversation, the characters mentioned in the narration around the quotation, the one
addressed by name in the previous line, and the sieve's own choice (with the rule that chose it, so the model
learns how far to trust each rule).

The weights are a small JSON file (`models/speaker_ranker.json`, feature names, coefficients, intercept)
trained by `training/train_speaker_ranker.py` on PDNC with whole novels held out; its model card is
`models/README.md`. Without the file the step does nothing.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ficlens.analysis import Analysis, Quote
from ficlens.cast.cast import Cast
from ficlens.dialogue.context import NEAR, Context
from ficlens.model import Evidence

RANKED_EVIDENCE: tuple[Evidence, ...] = (
    "action-beat", "previous-narration", "same-paragraph", "vocative-reply", "turn-taking", "conversation", "none"
)


MAX_TURNS = 6
"""How many earlier lines of the conversation give features."""


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


def candidates(context: Context, number: int, lines: Counter | None = None) -> list[Candidate]:
    """Every character who could say quotation `number`, with its features (`lines`: how many lines each
    character spoke before it, when the caller keeps count). The families are added in a fixed order: the
    score sums features in that order."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    pool = _Pool(context.cast)
    if quote.speaker is not None:
        pool.add(quote.speaker, "sieve")
        pool.add(quote.speaker, f"sieve:{quote.evidence}")
    _turn_features(pool, context, number)
    _next_line_features(pool, context, number)
    _mention_features(pool, context, quote)
    _subject_features(pool, context, quote)
    for vocative in quote.vocatives:
        pool.add(vocative, "addressed-here")
    for _, _, member in context.mentions_between(quote.inner_start, quote.inner_end):
        pool.add(member, "named-inside")
    if quote.head_owner is not None:
        pool.add(quote.head_owner, "head-owner")
    if lines is None:
        lines = Counter(q.speaker for q in quotes[:number] if q.speaker is not None)
    result = []
    for member, features in pool.features.items():
        kind = context.cast.members[member].kind
        features["narrator"] = 1.0 if kind == "narrator" else 0.0
        features["unnamed"] = 1.0 if kind == "unnamed" else 0.0
        features["lines-so-far"] = math.log1p(lines.get(member, 0)) / 5.0
        features["bias-candidates"] = 1.0 / len(pool.features)
        result.append(Candidate(member, features))
    return result


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
        for vocative in turn.vocatives:
            if vocative != turn.speaker:
                pool.add(vocative, f"addressed-in-turn-{min(rank, 2)}")
    if len(turns) >= 2 and turns[1].speaker is not None and turns[1].speaker != turns[0].speaker:
        pool.add(turns[1].speaker, "alternation")
        distinct = {t.speaker for t in turns[:4] if t.speaker is not None}
        if len(distinct) == 2:
            pool.add(turns[1].speaker, "alternation-two-party")


def _next_line_features(pool: _Pool, context: Context, number: int) -> None:
    """The next line of the conversation: a reply names, and is spoken by, someone other than this speaker."""
    quotes = context.analysis.quotes
    for index in range(number + 1, min(len(quotes), number + 3)):
        if context.conversation[index] != context.conversation[number] or quotes[index].para == quotes[number].para:
            continue
        for vocative in quotes[index].vocatives:
            pool.add(vocative, "addressed-next")
        pool.add(quotes[index].speaker, "speaks-next")
        break


def _mention_features(pool: _Pool, context: Context, quote: Quote) -> None:
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
        mentions = context.narration_mentions(start, end) if end > start else []
        for position, (mention_start, _, member) in enumerate(reversed(mentions)):
            pool.add(member, name)
            if position == 0:
                pool.add(member, f"{name}-last")
            if name == "earlier":
                pool.add(member, "earlier-distance", 1.0 / (1.0 + (quote.start - mention_start) / 500.0))


def _subject_features(pool: _Pool, context: Context, quote: Quote) -> None:
    """Subjects of the narration around the quotation (a he or she resolved to a character)."""
    paragraphs = context.analysis.paragraphs
    paragraph = paragraphs[quote.para]
    for name, para, start, end in (
        ("subject-before", quote.para, max(paragraph.start, quote.start - NEAR), quote.start),
        ("subject-after", quote.last_para, quote.end, min(paragraphs[quote.last_para].end, quote.end + NEAR)),
        ("subject-prev-para", max(0, quote.para - 1),
         max(paragraphs[max(0, quote.para - 1)].start, paragraph.start - NEAR), paragraph.start),
    ):
        for token in context.tokens(para, start, end):
            if token.dep_ in ("nsubj", "nsubjpass") and not context.in_quote(context.offset(para, token)):
                offset = context.offset(para, token)
                if token.tag_ == "PRP" and token.lower_ in ("he", "she"):
                    pool.add(context.resolve_pronoun(token.text, offset, quote, set()), name)
                else:
                    pool.add(context.member_at(offset), name)


@lru_cache(maxsize=1)
def load_weights() -> dict | None:
    try:
        raw = (resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return json.loads(raw)


def score(weights: dict, features: dict[str, float]) -> float:
    coefficients = weights["coefficients"]
    return weights["intercept"] + sum(coefficients.get(name, 0.0) * value for name, value in features.items())


def rank_speakers(analysis: Analysis) -> None:
    weights = load_weights()
    if weights is None:
        return
    context = Context.build(analysis)
    lines: Counter = Counter()
    for number, quote in enumerate(analysis.quotes):
        if number:
            previous = analysis.quotes[number - 1].speaker
            if previous is not None:
                lines[previous] += 1
        if quote.evidence not in RANKED_EVIDENCE or quote.kind == "telepathy":
            continue
        pool = [c for c in candidates(context, number, lines)
                if not quote.tag_gender or context.cast.provisional_gender(c.member) in (None, quote.tag_gender)]
        if not pool:
            continue
        scored = sorted(((score(weights, c.features), c.member) for c in pool), reverse=True)
        best, member = scored[0]
        total = sum(math.exp(s - best) for s, _ in scored)
        if member != quote.speaker:
            quote.evidence = "ranker"
        quote.speaker = member
        quote.confidence = round(min(0.9, 1.0 / total), 3)
    context.cast.note_speakers(q.speaker for q in analysis.quotes)
