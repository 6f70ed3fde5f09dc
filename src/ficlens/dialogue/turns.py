"""Turn-taking decided jointly: the speakers of a conversation's back-to-back turns, chosen together.

The ranker scores each quotation alone, so two untagged lines in a row can both go to the same character, or an
exchange of two can drift to a third one line at a time. People talking take turns: one speaker rarely has two
paragraphs in a row, a two-person exchange alternates (A, B, A), and a third voice coming in is less likely
than an answer. A second-order Viterbi search over each conversation's turns (a turn: the lines of one
paragraph) picks the sequence of speakers that best explains the exchange, scoring the ranker's per-line
log-probabilities plus those conventions. A turn a rule settled (a named tag) is a single state, so an untagged
run is decided between its tagged ends. Narration between two turns breaks the chain: it usually shows who
speaks next ("Mary turned to the window."), which the ranker already reads.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ficlens.analysis import Quote
from ficlens.dialogue.context import Context

Scores = dict[int, list[tuple[int, float]]]
"""Quotation number -> its candidates (member, raw ranker score)."""
Turn = list[Quote]
State = dict[int, float]
"""A turn's possible speakers and the log-probability the ranker gives each."""

SAME_SPEAKER = -1.0
"""Log-weight of one speaker having two turns in a row (a long speech split by no narration is rarer than an
answer). Set on six PDNC novels with the weights below and checked on all 21: end to end, implicit lines
70.7 -> 71.7% right (each weight moved alone either way loses 0.02-0.3 points of all quotations)."""
ALTERNATION = 0.5
"""Log-weight of the speaker of the turn before last answering again: the A, B, A of an exchange of two."""
THIRD_VOICE = -0.5
"""Log-weight of a speaker who is neither of the two turns before (someone else joins in)."""
EMISSION_WEIGHT = 0.7
"""How much the ranker's per-line log-probabilities count against the turn-taking terms."""
STATES_PER_TURN = 5
"""The best candidates of a turn the search keeps: bounds the work (cubic in it) where a pool is large."""
MISSING = 2.0
"""How far below a line's least likely candidate a character that is not in its pool scores (a turn of two
lines joins their pools)."""
ADDRESSED_ANSWERS = 1.5
"""Log-weight of the one the turn before addressed by name answering ("Clara, did you see him?"): with the
third-voice term, a character who has not spoken yet but was just asked comes in (PDNC: +0.1 point)."""
_START = -1
"""The speaker "before" a conversation's first turn."""


def decode_turns(context: Context, scores: Scores, free: Callable[[Quote], bool]) -> dict[int, int]:
    """The joint choice of speaker for every `free` quotation (scored, and not settled by a rule) of a spoken
    conversation; quotations the turns do not reach (thoughts), and a line whose candidates lack its turn's
    choice, are left out (the caller keeps its own best)."""
    chosen: dict[int, int] = {}
    numbers = {id(quote): number for number, quote in enumerate(context.analysis.quotes)}
    for turns in _conversation_runs(context):
        states = [_state(turn, scores, numbers, free) for turn in turns]
        _answers(turns, states)
        for turn, (state, settled), speaker in zip(turns, states, _viterbi([s for s, _ in states]), strict=True):
            if settled or not state:
                continue  # a rule's speaker, or nobody's: the ranker's own choice stands for its free lines
            for quote in turn:
                number = numbers[id(quote)]
                if free(quote) and speaker in dict(scores.get(number, ())):
                    chosen[number] = speaker  # a line whose own pool lacks the turn's speaker keeps its best
    return chosen


def _answers(turns: list[Turn], states: list[tuple[State, bool]]) -> None:
    """The one a turn addresses by name is likelier to speak the next (free) turn."""
    for (state, settled), before in zip(states[1:], turns, strict=False):
        for member in sorted({v for quote in before for v in quote.vocatives}):
            if member in state and not settled:
                state[member] += ADDRESSED_ANSWERS


def _conversation_runs(context: Context) -> list[list[Turn]]:
    """Runs of back-to-back turns (no narration paragraph between them) of one conversation's spoken lines."""
    runs: dict[int, list[list[Turn]]] = {}
    for quote, conversation in zip(context.analysis.quotes, context.conversation, strict=True):
        if quote.kind != "speech" or quote.username:
            continue
        conversation_runs = runs.setdefault(conversation, [])
        run = conversation_runs[-1] if conversation_runs else None
        if run and run[-1][-1].last_para >= quote.para:
            run[-1].append(quote)
        elif run and run[-1][-1].last_para + 1 == quote.para:
            run.append([quote])
        else:
            conversation_runs.append([[quote]])
    return [run for conversation_runs in runs.values() for run in conversation_runs]


def _state(turn: Turn, scores: Scores, numbers: dict[int, int], free: Callable[[Quote], bool]) -> tuple[State, bool]:
    """A turn a rule settled is that speaker alone (True); a free one the ranker's best candidates, its lines'
    log-probabilities summed. A turn with no speaker at all is empty, and cuts the run."""
    settled = [best_member(scores[numbers[id(q)]]) if numbers[id(q)] in scores else q.speaker
               for q in turn if not (free(q) and numbers[id(q)] in scores)]
    settled = [speaker for speaker in settled if speaker is not None]
    if settled:
        return {settled[-1]: 0.0}, True
    pools = [_log_probabilities(scores[numbers[id(q)]]) for q in turn if numbers[id(q)] in scores]
    members = {member for pool in pools for member in pool}
    joint = {m: sum(pool.get(m, min(pool.values()) - MISSING) for pool in pools) for m in sorted(members)}
    best = sorted(joint.items(), key=lambda item: item[1], reverse=True)[:STATES_PER_TURN]
    return {member: EMISSION_WEIGHT * value for member, value in best}, False


def best_member(pool: list[tuple[int, float]]) -> int:
    """The candidate with the highest score (the first of equals)."""
    return max(pool, key=lambda pair: pair[1])[0]


def _log_probabilities(pool: list[tuple[int, float]]) -> dict[int, float]:
    top = max(score for _, score in pool)
    norm = top + math.log(sum(math.exp(score - top) for _, score in pool))
    return {member: score - norm for member, score in pool}


def _transition(before_last: int, last: int, speaker: int) -> float:
    if speaker == last:
        return SAME_SPEAKER
    if speaker == before_last:
        return ALTERNATION
    return THIRD_VOICE if before_last != _START else 0.0


def _viterbi(states: list[State]) -> list[int]:
    """The best speaker sequence over a run's turns; a search state is the pair (speaker before, speaker),
    so alternation (A, B, A) is scored. An empty state (a turn nobody could say) is skipped over as unknown:
    its turn keeps no speaker from the search."""
    path: list[int] = []
    start = 0
    for end in [*(i for i, state in enumerate(states) if not state), len(states)]:
        path.extend(_viterbi_segment(states[start:end]))
        if end < len(states):
            path.append(_START)
        start = end + 1
    return path


def _viterbi_segment(states: list[State]) -> list[int]:
    if not states:
        return []
    best: dict[tuple[int, int], float] = {(_START, b): e for b, e in states[0].items()}
    back: list[dict[tuple[int, int], int]] = [{}]
    for state in states[1:]:
        scores: dict[tuple[int, int], float] = {}
        came_from: dict[tuple[int, int], int] = {}
        for (before_last, last), value in best.items():
            for speaker, emission in state.items():
                total = value + emission + _transition(before_last, last, speaker)
                key = (last, speaker)
                if key not in scores or total > scores[key]:
                    scores[key], came_from[key] = total, before_last
        best = scores
        back.append(came_from)
    key = max(best, key=lambda pair: (best[pair], -pair[0], -pair[1]))
    path = [key[1]]
    for came_from in reversed(back[1:]):
        key = (came_from[key], key[0])
        path.append(key[1])
    return path[::-1]
