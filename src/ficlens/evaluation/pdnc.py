"""Scoring a story model against one novel of the Project Dialogism Novel Corpus (PDNC).

PDNC (Vishnubhotla et al., LREC 2022) gives, per novel, `novel_text.txt`, `quotation_info.csv` (every
quotation with its sub-quotation spans, speaker, addressees and quoteType) and `character_info.csv` (main
name, aliases, gender, major/intermediate/minor). Spans are character offsets into `novel_text.txt`, quote
marks excluded.

The rules (documented in docs/accuracy.md):

* a gold sub-quotation is *found* when some predicted utterance covers at least half of it; a predicted
  utterance is *correct* when it covers at least half of some gold sub-quotation;
* a quotation's predicted speaker is the speaker of the utterance covering its first found sub-quotation;
  unfound quotations count as wrong;
* a predicted character is mapped to a gold character only through surface forms (`CharacterMatcher`): the
  system never sees the gold cast, except in the `gold` setting, where the gold character list is given to it
  as an exclusive roster (`gold_roster`), as published systems given the character list are.
"""

from __future__ import annotations

import ast
import csv
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.evaluation import castscore
from ficlens.evaluation.castscore import CastFigures, GoldCast
from ficlens.evaluation.spans import ScoreRecord, SpanIndex, covers_half, normalise, ratio
from ficlens.model import StoryModel, Utterance
from ficlens.roster import Roster, RosterCharacter

QUOTE_TYPES = ("Explicit", "Anaphoric", "Implicit")
MAIN_CATEGORIES = ("major", "intermediate")
# PDNC marks the first-person narrator with the alias `_narr` (or `Narr`, or a `_narr` row); a predicted
# character of kind "narrator" carries this form, so "I" maps to the character PDNC says narrates.
NARRATOR_NAMES = frozenset({"_narr", "Narr", "_narrator"})
NARRATOR_FORM = "\x00narrator"
_QUALIFIER = re.compile(r"\s+(?:-\s+[^-]+|\([^)]*\))\s*$")

# Published reference figures (speaker accuracy, %), printed beside the totals.
BOOKNLP_E2E = {"overall": 36.0, "Explicit": 57.0, "Anaphoric": 31.0, "Implicit": 22.0}
SPANBERT_GOLD_QUOTES = {"Explicit": 99.0, "other": 69.0}
# Speaker accuracy (%) of published systems given the character list (the `gold` setting's comparison).
GIVEN_CHARACTERS = {"BookNLP+": 78.5, "8B LLM zero-shot": 90.6, "ModernBERT encoder": 94.5}
PDNC_GENDERS = {"M": "male", "F": "female"}
SETTINGS = ("e2e", "gold")


@dataclass(frozen=True)
class GoldCharacter:
    id: str
    name: str
    aliases: tuple[str, ...]
    gender: str
    category: str

    @property
    def pseudo(self) -> bool:
        """PDNC's placeholders for speakers that are no character: `_group`, `_unknowable`, `_narr`."""
        return self.name.startswith("_")

    @property
    def forms(self) -> frozenset[str]:
        """Normalised surface forms; an annotator's qualifier ("Christopher Robin - Story",
        "Little Old Lady (Unknown)") also yields the form without it. Placeholders have none."""
        forms = set()
        for name in (self.name, *self.aliases):
            if name in NARRATOR_NAMES:
                forms.add(NARRATOR_FORM)
            if name.startswith("_"):
                continue
            forms.add(normalise(name))
            forms.add(normalise(_QUALIFIER.sub("", name)))
        forms.discard("")
        return frozenset(forms)


@dataclass(frozen=True)
class GoldQuote:
    id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    speaker_name: str
    speaker: str | None  # gold character id; None when the name is in no row of character_info.csv
    addressee_names: tuple[str, ...]
    addressees: tuple[str, ...]  # gold character ids of the addressees that could be resolved
    quote_type: str  # Explicit / Anaphoric / Implicit / Unknown
    referring: str


@dataclass
class GoldNovel:
    name: str
    text: str
    characters: dict[str, GoldCharacter]
    quotes: list[GoldQuote]
    unresolved_names: Counter = field(default_factory=Counter)

    def quote_counts(self) -> Counter:
        return Counter(q.speaker for q in self.quotes if q.speaker is not None)


def _literal(value: str, default):
    value = (value or "").strip()
    if not value or value == "nan":
        return default
    return ast.literal_eval(value)


def read_characters(path: Path) -> dict[str, GoldCharacter]:
    characters: dict[str, GoldCharacter] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases = _literal(row.get("Aliases", ""), set())
            cid = str(row["Character ID"]).strip()
            characters[cid] = GoldCharacter(
                id=cid,
                name=row["Main Name"].strip(),
                aliases=tuple(sorted(str(a) for a in aliases)),
                gender=(row.get("Gender") or "").strip(),
                category=(row.get("Category") or "").strip().lower(),
            )
    return characters


class NameResolver:
    """Gold speaker/addressee names (a main name or any alias) to gold character ids."""

    def __init__(self, characters: dict[str, GoldCharacter]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.normal: dict[str, set[str]] = {}
        self.main: dict[str, str] = {}
        for character in characters.values():
            self.main.setdefault(character.name, character.id)
            for name in (character.name, *character.aliases):
                self.exact.setdefault(name, set()).add(character.id)
                self.normal.setdefault(normalise(name), set()).add(character.id)

    def __call__(self, name: str) -> str | None:
        name = name.strip()
        if name in self.main:
            return self.main[name]
        for table, key in ((self.exact, name), (self.normal, normalise(name))):
            ids = table.get(key)
            if ids and len(ids) == 1:
                return next(iter(ids))
        return None  # unknown or ambiguous (e.g. "Charles" when two Charleses have it as an alias)


def read_quotes(path: Path, resolve: NameResolver, unresolved: Counter) -> list[GoldQuote]:
    quotes = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            spans = tuple((int(s), int(e)) for s, e in _literal(row["quoteByteSpans"], []))
            speaker_name = (row.get("speaker") or "").strip()
            speaker = resolve(speaker_name) if speaker_name else None
            if speaker_name and speaker is None:
                unresolved[speaker_name] += 1
            names = tuple(str(n) for n in _literal(row.get("addressees", ""), []))
            addressees = []
            for name in names:
                cid = resolve(name)
                if cid is None:
                    unresolved[name] += 1
                elif cid not in addressees:
                    addressees.append(cid)
            quote_type = (row.get("quoteType") or "").strip()
            quotes.append(
                GoldQuote(
                    id=row["quoteID"],
                    text=row.get("quoteText", ""),
                    spans=spans,
                    speaker_name=speaker_name,
                    speaker=speaker,
                    addressee_names=names,
                    addressees=tuple(addressees),
                    quote_type=quote_type if quote_type in QUOTE_TYPES else "Unknown",
                    referring=(row.get("referringExpression") or "").strip(),
                )
            )
    return quotes


def load_novel(directory: Path) -> GoldNovel:
    directory = Path(directory)
    characters = read_characters(directory / "character_info.csv")
    unresolved: Counter = Counter()
    quotes = read_quotes(directory / "quotation_info.csv", NameResolver(characters), unresolved)
    text = (directory / "novel_text.txt").read_text(encoding="utf-8")
    return GoldNovel(directory.name, text, characters, quotes, unresolved)


class CharacterMatcher:
    """Maps predicted characters to gold characters through names and aliases only.

    A predicted character *matches* gold character G when its normalised name or any normalised alias equals
    G's normalised main name or any of G's normalised aliases. When it matches several gold characters it is
    *mapped* to the one sharing the most surface forms; ties go to the one with the most gold quotations, then
    to the lowest character id.
    """

    def __init__(self, gold: dict[str, GoldCharacter], quote_counts: Counter | None = None) -> None:
        self.gold = gold
        self.quote_counts = quote_counts or Counter()
        self.by_form: dict[str, set[str]] = {}
        self.forms = {cid: character.forms for cid, character in gold.items()}
        for cid, forms in self.forms.items():
            for form in forms:
                self.by_form.setdefault(form, set()).add(cid)

    def matches(self, name: str, aliases: list[str] | tuple[str, ...], narrator: bool = False) -> dict[str, int]:
        """Gold id -> number of shared surface forms (`narrator`: the predicted character is the narrator)."""
        forms = {f for f in (normalise(n) for n in (name, *aliases)) if f}
        if narrator:
            forms.add(NARRATOR_FORM)
        shared: Counter = Counter()
        for form in forms:
            for cid in self.by_form.get(form, ()):
                shared[cid] += 1
        return dict(shared)

    def choose(self, shared: dict[str, int]) -> str | None:
        if not shared:
            return None
        return min(shared, key=lambda cid: (-shared[cid], -self.quote_counts.get(cid, 0), _id_key(cid)))


def _id_key(cid: str) -> tuple[int, str]:
    return (int(cid), cid) if cid.isdigit() else (1 << 30, cid)


@dataclass
class SpeakerError:
    quote_id: str
    quote_type: str
    text: str
    gold: str
    predicted: str | None  # predicted character's name
    predicted_gold: str | None  # the gold character it maps to
    evidence: str
    confidence: float
    referring: str
    kind: str  # no-speaker / unmapped / other-character


@dataclass
class NovelScore(ScoreRecord):
    novel: str
    words: int = 0
    seconds: float = 0.0
    tag_conflicts: int = 0
    gold_spans: int = 0
    gold_spans_found: int = 0
    predicted: int = 0
    predicted_correct: int = 0
    quotes: int = 0
    quotes_found: int = 0
    speaker_correct: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [quotes, found, correct]
    addressee_quotes: int = 0
    addressee_found: int = 0
    addressee_correct: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    unresolved_gold_names: int = 0
    cast: CastFigures = field(default_factory=CastFigures)
    setting: str = "e2e"
    errors: list[SpeakerError] = field(default_factory=list)
    failure: str | None = None

    def metrics(self) -> dict[str, float | None]:
        out = {
            "quote_recall": ratio(self.gold_spans_found, self.gold_spans),
            "quote_precision": ratio(self.predicted_correct, self.predicted),
            "speaker_accuracy": ratio(self.speaker_correct, self.quotes),
            "speaker_accuracy_found": ratio(self.speaker_correct, self.quotes_found),
            "addressee_accuracy": ratio(self.addressee_correct, self.addressee_quotes),
            "addressee_accuracy_found": ratio(self.addressee_correct, self.addressee_found),
        }
        for quote_type in (*QUOTE_TYPES, "Unknown"):
            total, found, correct = self.by_type.get(quote_type, [0, 0, 0])
            out[f"speaker_{quote_type.lower()}"] = ratio(correct, total)
            out[f"speaker_{quote_type.lower()}_found"] = ratio(correct, found)
        total, found, correct = self._non_explicit()
        out["speaker_non_explicit"] = ratio(correct, total)
        out["speaker_non_explicit_found"] = ratio(correct, found)
        return out

    def _non_explicit(self) -> list[int]:
        sums = [0, 0, 0]
        for quote_type in ("Anaphoric", "Implicit"):
            for i, value in enumerate(self.by_type.get(quote_type, [0, 0, 0])):
                sums[i] += value
        return sums


def total(scores: list[NovelScore]) -> NovelScore:
    """Micro-averaged totals: every count summed over the novels."""
    out = NovelScore(novel="TOTAL")
    for score in scores:
        if score.failure:
            continue
        for name in (
            "words", "seconds", "gold_spans", "gold_spans_found", "predicted", "predicted_correct", "quotes",
            "quotes_found", "speaker_correct", "addressee_quotes", "addressee_found", "addressee_correct",
            "unresolved_gold_names", "tag_conflicts",
        ):  # fmt: skip
            setattr(out, name, getattr(out, name) + getattr(score, name))
        for quote_type, values in score.by_type.items():
            sums = out.by_type.setdefault(quote_type, [0, 0, 0])
            for i, value in enumerate(values):
                sums[i] += value
        for kind, count in score.errors_by_kind.items():
            out.errors_by_kind[kind] = out.errors_by_kind.get(kind, 0) + count
        out.cast.add(score.cast)
        out.setting = score.setting
    out.seconds = round(out.seconds, 3)
    return out


def gold_cast(gold: GoldNovel) -> GoldCast:
    """The gold characters' surface forms for the shared cast figures (the narrator marked apart)."""
    narrator = next((cid for cid, c in gold.characters.items() if NARRATOR_FORM in c.forms), None)
    return GoldCast({cid: sorted(c.forms - {NARRATOR_FORM}) for cid, c in gold.characters.items()}, narrator)


def score_cast(model: StoryModel, gold: GoldNovel) -> CastFigures:
    """`castscore` figures for the gold major/intermediate characters (junk is judged against every gold
    character, minor ones included); details are keyed by the gold main name."""
    scored = {cid for cid, c in gold.characters.items() if c.category in MAIN_CATEGORIES and not c.pseudo}
    speakers = {q.speaker for q in gold.quotes if q.speaker is not None}
    figures = castscore.score_cast(model.characters, gold_cast(gold), speakers=speakers, scored=scored)
    figures.details = {gold.characters[cid].name: outcome for cid, outcome in figures.details.items()}
    return figures


def gold_roster(gold: GoldNovel) -> Roster:
    """The gold character list as an exclusive roster (the setting where a system is given the characters):
    every named character with its aliases (an alias two characters share is left out, a user would not list
    it twice), the narrator marked by the alias "I"; the placeholders `_group` and `_unknowable` are no one."""
    owners = Counter(form for c in gold.characters.values() for form in {*c.aliases} - {c.name})
    characters = []
    for character in gold.characters.values():
        narrator = any(name in NARRATOR_NAMES for name in (character.name, *character.aliases))
        if character.pseudo and not narrator:
            continue
        aliases = [a for a in character.aliases if not a.startswith("_") and a not in NARRATOR_NAMES and owners[a] == 1]
        stripped = {_QUALIFIER.sub("", name) for name in (character.name, *aliases)} - {character.name, *aliases}
        characters.append(
            RosterCharacter(
                name="Narrator" if character.pseudo else character.name,
                aliases=[*aliases, *sorted(stripped), *(["I"] if narrator else [])],
                gender=PDNC_GENDERS.get(character.gender),
            )
        )
    return Roster(characters=characters, exclusive=True)


def score_model(model: StoryModel, gold: GoldNovel) -> NovelScore:
    """Score one story model against one PDNC novel (the model's text must be the novel's text)."""
    score = NovelScore(novel=gold.name, words=model.stats.words, seconds=model.stats.seconds,
                       tag_conflicts=model.stats.tag_conflicts)
    if model.text != gold.text:
        score.failure = "the story model's text differs from novel_text.txt, so offsets do not align"
        return score
    score.unresolved_gold_names = sum(gold.unresolved_names.values())
    matcher = CharacterMatcher(gold.characters, gold.quote_counts())
    mapping = {
        c.id: matcher.choose(matcher.matches(c.name, c.aliases, c.kind == "narrator")) for c in model.characters
    }
    _score_precision(model, gold, score)
    utterances = SpanIndex([(u.start, u.end, u) for u in model.utterances])
    characters = {c.id: c for c in model.characters}
    for quote in gold.quotes:
        first = _first_found(quote, utterances, score)
        counts = score.by_type.setdefault(quote.quote_type, [0, 0, 0])
        score.quotes += 1
        counts[0] += 1
        if quote.addressees:
            score.addressee_quotes += 1
        if first is None:
            score.errors_by_kind["not-found"] = score.errors_by_kind.get("not-found", 0) + 1
            continue
        score.quotes_found += 1
        counts[1] += 1
        _score_speaker(quote, first, mapping, characters, gold, score)
        _score_addressees(quote, first, mapping, score)
    score.cast = score_cast(model, gold)
    return score


def _score_precision(model: StoryModel, gold: GoldNovel, score: NovelScore) -> None:
    """Predicted utterances that cover half of a gold quote span."""
    gold_spans = SpanIndex([(s, e, q.id) for q in gold.quotes for s, e in q.spans])
    score.predicted = len(model.utterances)
    for utterance in model.utterances:
        if any(covers_half((utterance.start, utterance.end), (s, e)) for s, e, _ in
               gold_spans.overlapping(utterance.start, utterance.end)):  # fmt: skip
            score.predicted_correct += 1


def _first_found(quote: GoldQuote, utterances: SpanIndex, score: NovelScore) -> Utterance | None:
    """The utterance found for the quote's first found span (its speaker is the one scored); counts spans."""
    first = None
    for span in quote.spans:
        score.gold_spans += 1
        item, _ = utterances.best(*span)
        if item is not None and covers_half((item[0], item[1]), span):
            score.gold_spans_found += 1
            if first is None:
                first = item[2]
    return first


def _score_speaker(
    quote: GoldQuote, first: Utterance, mapping: dict, characters: dict, gold: GoldNovel, score: NovelScore
) -> None:
    """A right speaker counts; a wrong or missing one is kept as an error with its kind."""
    predicted_gold = mapping.get(first.speaker) if first.speaker else None
    if quote.speaker is not None and predicted_gold == quote.speaker:
        score.speaker_correct += 1
        score.by_type[quote.quote_type][2] += 1
        return
    if first.speaker is None:
        kind = "no-speaker"
    elif predicted_gold is None:
        kind = "unmapped"
    else:
        kind = "other-character"
    score.errors_by_kind[kind] = score.errors_by_kind.get(kind, 0) + 1
    predicted = characters.get(first.speaker) if first.speaker else None
    score.errors.append(
        SpeakerError(
            quote_id=quote.id,
            quote_type=quote.quote_type,
            text=quote.text,
            gold=quote.speaker_name,
            predicted=predicted.name if predicted else None,
            predicted_gold=gold.characters[predicted_gold].name if predicted_gold else None,
            evidence=first.evidence,
            confidence=first.confidence,
            referring=quote.referring,
            kind=kind,
        )
    )


def _score_addressees(quote: GoldQuote, first: Utterance, mapping: dict, score: NovelScore) -> None:
    if quote.addressees:
        score.addressee_found += 1
        predicted_addressees = {mapping.get(a) for a in first.addressees} - {None}
        if predicted_addressees & set(quote.addressees):
            score.addressee_correct += 1


def novel_dirs(root: Path) -> list[Path]:
    """The novel folders under a PDNC checkout (`root/novels/*` or `root/*`)."""
    root = Path(root)
    base = root / "novels" if (root / "novels").is_dir() else root
    return sorted(p for p in base.iterdir() if (p / "quotation_info.csv").is_file())


def evaluate_novel(directory: Path, setting: str = "e2e") -> NovelScore:
    """Run the analysis on one PDNC novel and score it (picklable, for process pools). `setting`: `e2e` (end
    to end from the raw text) or `gold` (the gold character list given as an exclusive roster)."""
    from ficlens.pipeline import analyze_bytes

    directory = Path(directory)
    try:
        gold = load_novel(directory)
        data = (directory / "novel_text.txt").read_bytes()
        roster = gold_roster(gold) if setting == "gold" else None
        started = time.perf_counter()
        model = analyze_bytes(data, name="novel_text.txt", fandom="none", roster=roster)
        elapsed = time.perf_counter() - started
        score = score_model(model, gold)
        score.seconds = round(elapsed, 3)
        score.setting = setting
        return score
    except Exception as error:  # noqa: BLE001 - one broken novel must not sink the whole run
        return NovelScore(novel=directory.name, failure=f"{type(error).__name__}: {error}", setting=setting)
