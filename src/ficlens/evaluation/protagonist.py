"""Cast figures on protagonistTagger's test sets (Łajewska & Wróblewska 2021): 13 novels x 100 sentences.

Each novel has a list of characters (full names, one per line, `lists_of_characters/*/<Novel>`) and a gold
file (`testing_sets/test_*_names_gold_standard/<Novel>.json`: sentences, each with name spans linked to a full
name). Its PERSON gold standard tags the same spans (people absent from the list are not tagged at all).

The sentences are analysed as one text (a paragraph each). A gold character's forms are its full name and
every span linked to it (with the title in front of the span where there is one: "Mrs." + "Weston"); a form
linked to two characters names neither (it only shows that a predicted character with it is somebody). Only
characters linked at least once in the sentences are scored. Junk here is an upper bound: it counts the real
people the list leaves out ("Mrs. Goddard" in Emma) with the things that are nobody.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.cast.names import title_of
from ficlens.evaluation.castscore import CastFigures, GoldCast, score_cast
from ficlens.evaluation.spans import ScoreRecord

Sentence = dict  # {"content": str, "entities": [[start, end, label], ...]}


@dataclass(frozen=True)
class ProtagonistNovel:
    name: str
    characters: Path
    names_gold: Path


@dataclass
class ProtagonistScore(ScoreRecord):
    novel: str
    seconds: float = 0.0
    cast: CastFigures = field(default_factory=CastFigures)
    errors: list = field(default_factory=list)
    failure: str | None = None

    def metrics(self) -> dict[str, float | None]:
        return self.cast.metrics()


def novels(root: Path) -> list[ProtagonistNovel]:
    """The novels with a character list and a names gold standard under a protagonist_tagger checkout."""
    data = root / "data" if (root / "data").is_dir() else root
    lists = {p.name: p for p in sorted((data / "lists_of_characters").glob("*/*")) if p.is_file()}
    found = []
    for gold in sorted((data / "testing_sets").glob("test_*_names_gold_standard/*.json")):
        if gold.stem not in lists:
            continue
        found.append(ProtagonistNovel(gold.stem, lists[gold.stem], gold))
    return found


def _sentences(path: Path) -> list[Sentence]:
    return json.loads(path.read_text(encoding="utf-8"))


def _surface(sentence: Sentence, start: int, end: int) -> list[str]:
    """The span's text, and with the title before it ("Mrs. Weston") where the span leaves it out."""
    content = sentence["content"]
    surface = " ".join(content[start:end].split())
    before = content[:start].split()
    forms = [surface]
    if before and title_of(before[-1]) and content[start - 1 : start].isspace():
        forms.append(f"{before[-1]} {surface}")
    return forms


def gold_cast(novel: ProtagonistNovel, sentences: list[Sentence]) -> tuple[GoldCast, set[str]]:
    """The gold cast and the listed characters to score."""
    listed = [line.strip() for line in novel.characters.read_text(encoding="utf-8").splitlines() if line.strip()]
    linked: dict[str, set[str]] = defaultdict(set)
    for sentence in sentences:
        for start, end, label in sentence["entities"]:
            for form in _surface(sentence, start, end):
                linked[form].add(label)
    forms: dict[str, set[str]] = {name: {name} for name in listed}
    for form, labels in linked.items():
        if len(labels) == 1 and (label := next(iter(labels))) in forms:
            forms[label].add(form)
        elif form not in forms:  # "Weston" for Mr. and Mrs. Weston: somebody, but not one character
            forms[f"person:{form}"] = {form}
    scored = {label for labels in linked.values() for label in labels if label in forms}
    return GoldCast(forms), scored


def evaluate_protagonist(novel: ProtagonistNovel) -> ProtagonistScore:
    """Analyse one novel's gold sentences and score the cast (picklable, for process pools)."""
    from ficlens.pipeline import analyze_bytes

    try:
        sentences = _sentences(novel.names_gold)
        # one paragraph per sentence; line breaks inside one become spaces, so the gold offsets still hold
        text = "\n\n".join(s["content"].replace("\r", " ").replace("\n", " ").rstrip() for s in sentences) + "\n"
        cast, scored = gold_cast(novel, sentences)
        started = time.perf_counter()
        model = analyze_bytes(text.encode("utf-8"), name=f"{novel.name}.txt", fandom="none")
        score = ProtagonistScore(novel=novel.name, seconds=round(time.perf_counter() - started, 3))
        score.cast = score_cast(model.characters, cast, scored=scored)
        return score
    except Exception as error:  # noqa: BLE001 - one broken novel must not sink the whole run
        return ProtagonistScore(novel=novel.name, failure=f"{type(error).__name__}: {error}")
