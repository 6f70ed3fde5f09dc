"""Scoring story models against LitBank (Bamman et al.): PER entities and quotation speakers.

Inputs, per document `<id>_brat`:

* `entities/brat/<id>.txt`: the tokenised excerpt (one sentence per line, tokens separated by single spaces);
  ficlens analyses this file, so its offsets align with the brat offsets;
* `entities/brat/<id>.ann`: `T1<TAB>PER start end<TAB>text` (nested entities, PER/LOC/GPE/FAC/ORG/VEH);
* `coref/brat/<id>.ann`: every mention twice with the same offsets, once with its type (`PROP_PER`,
  `NOM_PER`, `PRON_PER`, ...) and once with its coreference entity id (`Jack_Durbeyfield-0`);
* `quotations/tsv/<id>.ann`: `QUOTE Qid start_sent start_tok end_sent end_tok text` and `ATTRIB Qid Speaker-id`
  over the tokenised text (speaker ids are the coreference entity ids).

Rules (documented in docs/accuracy.md):

* PER mentions: the predicted mentions are the union of the `mentions` spans of every predicted character.
  *exact*: same start and end; *overlap*: one-to-one pairing of overlapping spans, largest overlap first.
  Scored against all gold PER entities and against the proper-name ones (`PROP_PER` in the coref layer).
* quotation speakers: a gold quotation (quote marks included) is found when a predicted utterance covers at
  least half of it; the predicted speaker is mapped to a gold entity id by voting: each of its mention spans
  votes for the coreference entity of the gold mention it overlaps most (largest overlap, then the shortest
  gold mention), and the entity with the most votes wins (ties: the entity with more gold mentions, then
  the alphabetically first id). Unfound quotations count as wrong.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ficlens.evaluation.spans import ScoreRecord, SpanIndex, covers_half, f1, overlap, ratio
from ficlens.model import StoryModel

_TYPED = re.compile(r"^(PROP|NOM|PRON)_[A-Z]+$")


@dataclass(frozen=True)
class GoldQuotation:
    id: str
    start: int
    end: int
    text: str
    speaker: str | None


@dataclass
class GoldDocument:
    name: str
    text: str
    per: list[tuple[int, int]]  # all PER entity spans (entities layer)
    per_prop: list[tuple[int, int]]  # the PER spans that are proper names (PROP_PER in the coref layer)
    coref: list[tuple[int, int, str]]  # (start, end, entity id) of every coreference mention
    quotes: list[GoldQuotation]


def _brat_spans(path: Path) -> list[tuple[str, int, int]]:
    """(label, start, end) of each text-bound annotation; discontinuous spans are joined to their extent."""
    out = []
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        numbers = [int(n) for n in re.findall(r"\d+", offsets)]
        if len(numbers) >= 2:
            out.append((label, min(numbers), max(numbers)))
    return out


def token_offsets(text: str) -> list[list[tuple[int, int]]]:
    """Character spans of each token of each sentence of a LitBank tokenised file."""
    sentences = []
    position = 0
    for line in text.split("\n"):
        tokens = []
        cursor = position
        for token in line.split(" "):
            if token:
                tokens.append((cursor, cursor + len(token)))
            cursor += len(token) + 1
        sentences.append(tokens)
        position += len(line) + 1
    return sentences


def read_quotations(path: Path, text: str) -> list[GoldQuotation]:
    if not path.is_file():
        return []
    tokens = token_offsets(text)
    spans: dict[str, tuple[int, int, str]] = {}
    speakers: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0] == "QUOTE" and len(parts) >= 6:
            qid = parts[1]
            s_sent, s_tok, e_sent, e_tok = (int(p) for p in parts[2:6])
            start = tokens[s_sent][s_tok][0]
            end = tokens[e_sent][e_tok][1]
            spans[qid] = (start, end, parts[6] if len(parts) > 6 else text[start:end])
        elif parts[0] == "ATTRIB" and len(parts) >= 3:
            speakers[parts[1]] = parts[2].strip()
    return [GoldQuotation(qid, s, e, t, speakers.get(qid)) for qid, (s, e, t) in spans.items()]


def load_document(root: Path, name: str) -> GoldDocument:
    """`name` is the file stem, e.g. '110_tess_of_the_durbervilles_a_pure_woman_brat'."""
    root = Path(root)
    text = (root / "entities" / "brat" / f"{name}.txt").read_text(encoding="utf-8")
    per = sorted({(s, e) for label, s, e in _brat_spans(root / "entities" / "brat" / f"{name}.ann") if label == "PER"})
    coref_spans = _brat_spans(root / "coref" / "brat" / f"{name}.ann")
    prop = {(s, e) for label, s, e in coref_spans if label == "PROP_PER"}
    coref = [(s, e, label) for label, s, e in coref_spans if not _TYPED.match(label)]
    quotes = read_quotations(root / "quotations" / "tsv" / f"{name}.ann", text)
    return GoldDocument(name, text, per, sorted(s for s in per if s in prop), coref, quotes)


_STRAIGHT_TOKEN = re.compile(r'(?<!\S)"(?!\S)')
_CURLY = {"\u201c": True, "\u201d": False}


def smarten_quotes(text: str) -> str:
    """Undo two artefacts of LitBank's tokenised text that hide its dialogue, keeping every offset.

    Quote marks are separate tokens (`" Good night , "`), which hides which straight mark opens and which
    closes: straight double-quote tokens become curly ones, alternating open/close through the document. And
    every sentence is on its own line, so a quotation of several sentences looks like several paragraphs: a
    line break inside an open quotation becomes a space. Each replacement is one character for one.
    (A quotation running over several paragraphs without a closing mark would flip the parity; LitBank
    excerpts rarely have one.)"""
    chars = list(text)
    straight = {m.start() for m in _STRAIGHT_TOKEN.finditer(text)}
    inside = False
    for i, char in enumerate(chars):
        if i in straight:
            chars[i] = "\u201d" if inside else "\u201c"
            inside = not inside
        elif char in _CURLY:
            inside = _CURLY[char]
        elif char == "\n" and inside:
            chars[i] = " "
    return "".join(chars)


def document_names(root: Path) -> list[str]:
    return sorted(p.stem for p in (Path(root) / "entities" / "brat").glob("*.txt"))


@dataclass
class MentionScore:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0

    def metrics(self) -> dict[str, float | None]:
        out = {}
        for rule in ("exact", "overlap"):
            hits = getattr(self, rule)
            precision, recall = ratio(hits, self.predicted), ratio(hits, self.gold)
            out[f"{rule}_precision"], out[f"{rule}_recall"] = precision, recall
            out[f"{rule}_f1"] = f1(precision, recall)
        return out

    def add(self, other: MentionScore) -> None:
        for name in ("gold", "predicted", "exact", "overlap"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DocumentScore(ScoreRecord):
    document: str
    seconds: float = 0.0
    per: MentionScore = field(default_factory=MentionScore)
    per_prop: MentionScore = field(default_factory=MentionScore)
    quotes: int = 0
    quotes_found: int = 0
    predicted: int = 0
    predicted_correct: int = 0
    speaker_correct: int = 0
    errors: list[dict] = field(default_factory=list)
    failure: str | None = None

    def metrics(self) -> dict[str, float | None]:
        out = {f"per_{k}": v for k, v in self.per.metrics().items()}
        out.update({f"per_prop_{k}": v for k, v in self.per_prop.metrics().items()})
        out.update(
            quote_recall=ratio(self.quotes_found, self.quotes),
            quote_precision=ratio(self.predicted_correct, self.predicted),
            speaker_accuracy=ratio(self.speaker_correct, self.quotes),
            speaker_accuracy_found=ratio(self.speaker_correct, self.quotes_found),
        )
        return out


def match_mentions(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> MentionScore:
    score = MentionScore(gold=len(gold), predicted=len(predicted))
    score.exact = len(set(predicted) & set(gold))
    index = SpanIndex([(s, e, i) for i, (s, e) in enumerate(gold)])
    pairs = []
    for p, (start, end) in enumerate(predicted):
        for gs, ge, g in index.overlapping(start, end):
            size = overlap(start, end, gs, ge)
            if size > 0:
                exact = (gs, ge) == (start, end)
                pairs.append((-int(exact), -size, p, g))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, _, p, g in sorted(pairs):
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
    score.overlap = len(used_p)
    return score


def map_speakers(model: StoryModel, gold: GoldDocument) -> dict[str, str | None]:
    """Predicted character id -> gold coreference entity id, by mention-overlap voting."""
    index = SpanIndex(gold.coref)
    sizes = Counter(entity for _, _, entity in gold.coref)
    mapping: dict[str, str | None] = {}
    for character in model.characters:
        votes: Counter = Counter()
        for start, end in character.mentions:
            best = None
            for gs, ge, entity in index.overlapping(start, end):
                key = (overlap(start, end, gs, ge), -(ge - gs))
                if key[0] > 0 and (best is None or key > best[0]):
                    best = (key, entity)
            if best is not None:
                votes[best[1]] += 1
        mapping[character.id] = (
            min(votes, key=lambda entity: (-votes[entity], -sizes[entity], entity)) if votes else None
        )
    return mapping


def score_document(model: StoryModel, gold: GoldDocument) -> DocumentScore:
    score = DocumentScore(document=gold.name, seconds=model.stats.seconds)
    if model.text != gold.text:
        score.failure = "the story model's text differs from the brat .txt file, so offsets do not align"
        return score
    predicted = sorted({(s, e) for c in model.characters for s, e in c.mentions})
    score.per = match_mentions(predicted, gold.per)
    score.per_prop = match_mentions(predicted, gold.per_prop)

    score.predicted = len(model.utterances)
    gold_index = SpanIndex([(q.start, q.end, q) for q in gold.quotes])
    for utterance in model.utterances:
        if any(covers_half((utterance.start, utterance.end), (s, e))
               for s, e, _ in gold_index.overlapping(utterance.start, utterance.end)):  # fmt: skip
            score.predicted_correct += 1

    if not gold.quotes:
        return score
    mapping = map_speakers(model, gold)
    names = {c.id: c.name for c in model.characters}
    utterances = SpanIndex([(u.start, u.end, u) for u in model.utterances])
    for quote in gold.quotes:
        score.quotes += 1
        item, _ = utterances.best(quote.start, quote.end)
        if item is None or not covers_half((item[0], item[1]), (quote.start, quote.end)):
            continue
        score.quotes_found += 1
        utterance = item[2]
        entity = mapping.get(utterance.speaker) if utterance.speaker else None
        if quote.speaker is not None and entity == quote.speaker:
            score.speaker_correct += 1
        else:
            score.errors.append(
                {
                    "quote_id": quote.id,
                    "text": quote.text,
                    "gold": quote.speaker,
                    "predicted": names.get(utterance.speaker) if utterance.speaker else None,
                    "predicted_entity": entity,
                    "evidence": utterance.evidence,
                }
            )
    return score


def evaluate_document(root: Path, name: str, smart_quotes: bool = False) -> DocumentScore:
    """Analyse the brat .txt file (with `smart_quotes`, after `smarten_quotes`) and score it."""
    from ficlens.pipeline import analyze_bytes

    root = Path(root)
    try:
        gold = load_document(root, name)
        if smart_quotes:
            gold.text = smarten_quotes(gold.text)
        data = gold.text.encode("utf-8")
        started = time.perf_counter()
        model = analyze_bytes(data, name=f"{name}.txt", fandom="none")
        elapsed = time.perf_counter() - started
        score = score_document(model, gold)
        score.seconds = round(elapsed, 3)
        return score
    except Exception as error:  # noqa: BLE001 - one broken document must not sink the whole run
        return DocumentScore(document=name, failure=f"{type(error).__name__}: {error}")


def total(scores: list[DocumentScore]) -> DocumentScore:
    out = DocumentScore(document="TOTAL")
    for score in scores:
        if score.failure:
            continue
        out.per.add(score.per)
        out.per_prop.add(score.per_prop)
        for name in ("seconds", "quotes", "quotes_found", "predicted", "predicted_correct", "speaker_correct"):
            setattr(out, name, getattr(out, name) + getattr(score, name))
    out.seconds = round(out.seconds, 3)
    return out
