"""Scoring a story model against a hand-annotated fan-fiction work (`<name>.gold.json`, see the data README).

The rules (the same as for the held-out set):

* a gold utterance is *found* when a predicted utterance's text contains its snippet (case, punctuation and
  quote marks ignored); predicted utterances are taken in story order, so a snippet that occurs twice is
  looked for from the utterance that held the previous gold one;
* its speaker is right when the predicted speaker's name or aliases name exactly one gold character and it is
  the gold one (`castscore.GoldCast.identify`); counted over all gold utterances and over found ones;
* its addressee is right when the gold addressee is among the predicted addressees (identified the same way);
* a `not_story` snippet (a quotation inside an author's note) is wrongly attributed when a predicted utterance
  holding it has a speaker;
* segments: predicted scene breaks against the gold count; a gold flashback is found when a predicted one
  covers at least half of it; a gold POV is found when a predicted POV segment over its `near` snippet names
  the gold character (or, for a first-person POV, when the predicted narrator is that character);
* cast figures as in `castscore`, speakers being the gold characters with lines;
* groups, memberships, events and relations: by `ficlens.evaluation.relations.score_relations` when that
  module exists (name -> (right, total)).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.evaluation.castscore import CastFigures, GoldCast, score_cast
from ficlens.evaluation.spans import ScoreRecord, covers_half, normalise, ratio
from ficlens.model import StoryModel
from ficlens.roster import Roster, RosterCharacter

GOLD_SUFFIX = ".gold.json"
_NOT_WORD = re.compile(r"[\W_]+")


def flatten(text: str) -> str:
    """The form snippets are compared in: casefolded words separated by single spaces (punctuation and
    quote marks are gaps)."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


class FlatText:
    """A text in `flatten`ed form with the offset of each of its characters, to find snippets in it."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        gap = True
        for offset, char in enumerate(text):
            if char.isalnum():
                folded = char.casefold()  # may be longer ("ß" -> "ss"): every piece keeps the offset
                chars.append(folded)
                offsets.extend([offset] * len(folded))
                gap = False
            elif not gap:
                chars.append(" ")
                offsets.append(offset)
                gap = True
        self.flat = "".join(chars)
        self.offsets = offsets

    def find(self, snippet: str, after: int = 0) -> tuple[int, int] | None:
        """(start, end) offsets in the original text of the first occurrence of `snippet` at or after `after`."""
        needle = flatten(snippet)
        if not needle:
            return None
        index = self.flat.find(needle, bisect_left(self.offsets, after))
        if index < 0:
            return None
        return self.offsets[index], self.offsets[index + len(needle) - 1] + 1


@dataclass
class SpeakerError:
    text: str
    kind: str  # not-found / no-speaker / unmapped / other-character
    gold: str
    predicted: str | None
    predicted_gold: str | None
    evidence: str
    utterance: str | None  # the predicted utterance's text


@dataclass
class WorkScore(ScoreRecord):
    work: str
    words: int = 0
    seconds: float = 0.0
    utterances: int = 0
    found: int = 0
    kind_right: int = 0
    speaker_right: int = 0
    addressee_total: int = 0
    addressee_right: int = 0
    not_story: int = 0
    not_story_attributed: int = 0
    scene_breaks_gold: int = 0
    scene_breaks_predicted: int = 0
    flashbacks: int = 0
    flashbacks_found: int = 0
    povs: int = 0
    povs_found: int = 0
    tag_conflicts: int = 0
    cast: CastFigures = field(default_factory=CastFigures)
    relations: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]
    errors: list[SpeakerError] = field(default_factory=list)
    failure: str | None = None
    setting: str = "e2e"

    def metrics(self) -> dict[str, float | None]:
        return {
            "found": ratio(self.found, self.utterances),
            "kind": ratio(self.kind_right, self.found),
            "speaker": ratio(self.speaker_right, self.utterances),
            "speaker_found": ratio(self.speaker_right, self.found),
            "addressee": ratio(self.addressee_right, self.addressee_total),
            "not_story_attributed": ratio(self.not_story_attributed, self.not_story),
            "flashbacks_found": ratio(self.flashbacks_found, self.flashbacks),
            "povs_found": ratio(self.povs_found, self.povs),
            **self.cast.metrics(),
            **{f"relations_{name}": ratio(right, whole) for name, (right, whole) in self.relations.items()},
        }


COUNTS = (
    "words", "seconds", "utterances", "found", "kind_right", "speaker_right", "addressee_total", "addressee_right",
    "not_story", "not_story_attributed", "scene_breaks_gold", "scene_breaks_predicted", "flashbacks",
    "flashbacks_found", "povs", "povs_found", "tag_conflicts",
)  # fmt: skip


def total(scores: list[WorkScore]) -> WorkScore:
    """Micro-averaged totals: every count summed over the works that did not fail."""
    out = WorkScore(work="TOTAL")
    for score in scores:
        if score.failure:
            continue
        for name in COUNTS:
            setattr(out, name, getattr(out, name) + getattr(score, name))
        out.cast.add(score.cast)
        for name, (right, whole) in score.relations.items():
            sums = out.relations.setdefault(name, [0, 0])
            sums[0] += right
            sums[1] += whole
    out.seconds = round(out.seconds, 3)
    out.setting = next((s.setting for s in scores), "e2e")
    return out


def gold_roster(gold: dict) -> Roster:
    """The gold cast as an exclusive roster (how far a perfect cast takes the rest): each character's first form
    is its name, the others its aliases (less a form two characters share); the gold narrator gets "I"."""
    characters = gold.get("characters", {})
    owners = Counter(form for forms in characters.values() for form in set(forms))
    return Roster(
        exclusive=True,
        characters=[
            RosterCharacter(
                name=forms[0],
                aliases=[f for f in forms[1:] if owners[f] == 1] + (["I"] if key == gold.get("narrator") else []),
            )
            for key, forms in characters.items()
            if forms
        ],
    )


def gold_cast(gold: dict) -> GoldCast:
    return GoldCast(gold.get("characters", {}), narrator=gold.get("narrator"))


def score_model(model: StoryModel, gold: dict, name: str = "") -> WorkScore:
    """Score one story model against one gold annotation."""
    score = WorkScore(work=name or gold.get("input", "?"), words=model.stats.words, seconds=model.stats.seconds,
                      tag_conflicts=model.stats.tag_conflicts)
    cast = gold_cast(gold)
    identity = {c.id: cast.identify(c) for c in model.characters}
    _score_utterances(score, model, gold, identity)
    flat_utterances = [flatten(u.text) for u in model.utterances]
    for snippet in gold.get("not_story", []):
        score.not_story += 1
        needle = flatten(snippet)
        if any(needle in flat and u.speaker for flat, u in zip(flat_utterances, model.utterances, strict=True)):
            score.not_story_attributed += 1
    _score_segments(score, model, gold, cast)
    speakers = {u["speaker"] for u in gold.get("utterances", []) if u.get("speaker")}
    score.cast = score_cast(model.characters, cast, speakers=speakers)
    relations = relations_scorer()
    if relations is not None:
        score.relations = {key: list(value) for key, value in relations(gold, model).items()}
    return score


def _score_utterances(score: WorkScore, model: StoryModel, gold: dict, identity: dict[str, str | None]) -> None:
    characters = {c.id: c for c in model.characters}
    flat = [flatten(u.text) for u in model.utterances]
    cursor = 0
    for item in gold.get("utterances", []):
        score.utterances += 1
        needle = flatten(item["text"])
        holders = [i for i, text in enumerate(flat) if needle and needle in text]
        index = next((i for i in holders if i >= cursor), holders[0] if holders else None)
        addressee = item.get("addressee")
        if addressee:
            score.addressee_total += 1
        if index is None:
            score.errors.append(SpeakerError(item["text"], "not-found", item["speaker"], None, None, "-", None))
            continue
        cursor = index
        utterance = model.utterances[index]
        score.found += 1
        score.kind_right += utterance.kind == item.get("kind", "speech")
        predicted = identity.get(utterance.speaker) if utterance.speaker else None
        if predicted is not None and predicted == item["speaker"]:
            score.speaker_right += 1
        else:
            character = characters.get(utterance.speaker) if utterance.speaker else None
            kind = "no-speaker" if character is None else "unmapped" if predicted is None else "other-character"
            score.errors.append(
                SpeakerError(item["text"], kind, item["speaker"], character.name if character else None,
                             predicted, utterance.evidence, utterance.text)  # fmt: skip
            )
        if addressee and addressee in {identity.get(a) for a in utterance.addressees}:
            score.addressee_right += 1


def _score_segments(score: WorkScore, model: StoryModel, gold: dict, cast: GoldCast) -> None:
    segments = gold.get("segments", {})
    text = FlatText(model.text)
    score.scene_breaks_gold = int(segments.get("scene_breaks", 0))
    score.scene_breaks_predicted = sum(s.kind == "scene_break" for s in model.segments)
    flashbacks = [(s.start, s.end) for s in model.segments if s.kind == "flashback"]
    for flashback in segments.get("flashbacks", []):
        score.flashbacks += 1
        start = text.find(flashback["from"])
        end = text.find(flashback["to"], start[0]) if start else None
        if start and end and any(covers_half(p, (start[0], end[1])) for p in flashbacks):
            score.flashbacks_found += 1
    narrator = next((c for c in model.characters if c.kind == "narrator"), None)
    povs = [s for s in model.segments if s.kind == "pov"]
    for pov in segments.get("pov", []):
        score.povs += 1
        near = text.find(pov["near"])
        if near is None:
            continue
        titles = {s.title or "" for s in povs if s.start <= near[0] < s.end}
        named = {key for title in titles for key in cast.by_form.get(normalise(title), ())}
        first_person = pov.get("person") == "first" and cast.identify(narrator) == pov["character"]
        if pov["character"] in named or first_person:
            score.povs_found += 1


def relations_scorer() -> Callable[[dict, StoryModel], dict[str, tuple[int, int]]] | None:
    """RELATIONS HOOK: `ficlens.evaluation.relations.score_relations(gold, model)` -> name -> (right, total),
    scored for groups, memberships, events and relations; absent until that module lands."""
    if importlib.util.find_spec("ficlens.evaluation.relations") is None:
        return None
    return importlib.import_module("ficlens.evaluation.relations").score_relations


def work_files(root: Path) -> list[tuple[Path, Path]]:
    """(input, gold) pairs: every `<name>.<ext>` beside a `<name>.gold.json`, in name order."""
    pairs = []
    for gold in sorted(root.glob(f"*{GOLD_SUFFIX}")):
        stem = gold.name[: -len(GOLD_SUFFIX)]
        inputs = [p for p in sorted(root.glob(f"{stem}.*")) if p != gold and p.is_file() and p.stem == stem]
        if inputs:
            pairs.append((inputs[0], gold))
    return pairs


def evaluate_work(path: Path, gold_path: Path, setting: str = "e2e") -> WorkScore:
    """Run the analysis on one work and score it (picklable, for process pools). `setting`: `e2e` (end to end)
    or `gold` (the gold cast given as an exclusive roster)."""
    from ficlens.pipeline import analyze_bytes

    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        roster = gold_roster(gold) if setting == "gold" else None
        started = time.perf_counter()
        model = analyze_bytes(path.read_bytes(), name=path.name, roster=roster)
        elapsed = time.perf_counter() - started
        score = score_model(model, gold, name=path.stem)
        score.seconds = round(elapsed, 3)
        score.setting = setting
        return score
    except Exception as error:  # noqa: BLE001 - one broken work must not sink the whole run
        return WorkScore(work=path.stem, failure=f"{type(error).__name__}: {error}", setting=setting)
