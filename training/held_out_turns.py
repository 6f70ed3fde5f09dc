"""The joint decoding of turns (`dialogue/turns.py`) measured with forests that never saw the novel.

    .venv/bin/python training/held_out_turns.py --cache DIR [--data ../shared/data/pdnc] [--drop PREFIX]
        [--out results.json]

The shipped trees are fitted on all 21 PDNC novels, so `ficlens eval pdnc` measures the search against
over-confident in-sample scores. This script refits, from the rows `train_speaker_ranker.py --cache DIR` kept,
the same GroupKFold forests (first and second pass; `--drop` leaves out the features whose names start with a
prefix), then for every novel in both settings runs the pipeline up to the ranker, the held-out first pass, and
the held-out last pass twice: each line its best candidate (`rank_once`), and the turns decoded together
(`rank_jointly`); the same with the shipped forests for comparison. It counts the gold quotations whose speaker
maps to the gold one (names and aliases, as training does), in points of all quotations, per quote type.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from train_speaker_ranker import FOLDS, ROOT, SETTINGS, cross_validate, feature_names, prepared


def held_out_forests(cache: Path, drop: str | None) -> dict[str, dict[str, dict]]:
    """Per pass, per novel, the forest of the fold that held the novel out."""
    forests = {}
    for stage in ("first", "second"):
        novels = json.loads((cache / f"{stage}.json").read_text())
        names = [n for n in feature_names(novels) if not (drop and n.startswith(drop))]
        forests[stage] = cross_validate(novels, names, FOLDS)[1]
    return forests


def measure(directory: Path, setting: str, forests: dict[str, dict[str, dict]]) -> dict:
    from ficlens.dialogue.boosted import Forest
    from ficlens.dialogue.ranker import load_model, rank_jointly, rank_once

    gold, context, mapped, found = prepared(directory, setting)
    analysis = context.analysis

    def state() -> list[tuple]:
        return [(q.speaker, q.evidence, q.confidence, q.tag_speaker) for q in analysis.quotes]

    def restore(saved: list[tuple]) -> None:
        for quote, (speaker, evidence, confidence, tag_speaker) in zip(analysis.quotes, saved, strict=True):
            quote.speaker, quote.evidence, quote.confidence, quote.tag_speaker = speaker, evidence, confidence, tag_speaker

    def score() -> dict[str, int]:
        right: Counter = Counter()
        for quote, number in zip(gold.quotes, found, strict=True):
            ok = number is not None and quote.speaker is not None and \
                mapped.get(analysis.quotes[number].speaker) == quote.speaker
            right[quote.quote_type] += ok
            right["all"] += ok
        return dict(right)

    row = {"novel": directory.name, "setting": setting, "types": dict(Counter(q.quote_type for q in gold.quotes)),
           "sieve": score()}
    row["types"]["all"] = len(gold.quotes)
    sieve = state()
    held_out = tuple(Forest.from_json(forests[stage][directory.name]) for stage in ("first", "second"))
    shipped = load_model()
    if len(shipped) != len(held_out):
        raise SystemExit(f"the shipped model has {len(shipped)} passes, not {len(held_out)}: nothing to compare")
    for name, (first, last) in (("held_out", held_out), ("shipped", shipped)):
        restore(sieve)
        rank_once(context, first)
        after_first = state()
        rank_once(context, last)
        row[f"{name}_alone"] = score()
        restore(after_first)
        rank_jointly(context, last)
        row[f"{name}_joint"] = score()
    return row


def report(rows: list[dict]) -> None:
    print(f"{'setting':8} {'type':10} {'quotes':>7} {'sieve':>6} {'held-out alone':>15} {'held-out joint':>15} "
          f"{'gain':>6} {'shipped alone':>14} {'shipped joint':>14} {'gain':>6}")
    for setting in SETTINGS:
        chosen = [row for row in rows if row["setting"] == setting]
        for kind in ("all", "Explicit", "Anaphoric", "Implicit"):
            quotes = sum(row["types"].get(kind, 0) for row in chosen)
            if not quotes:
                continue
            share = {key: 100 * sum(row[key].get(kind, 0) for row in chosen) / quotes
                     for key in ("sieve", "held_out_alone", "held_out_joint", "shipped_alone", "shipped_joint")}
            print(f"{setting:8} {kind:10} {quotes:7} {share['sieve']:6.1f} {share['held_out_alone']:15.2f} "
                  f"{share['held_out_joint']:15.2f} {share['held_out_joint'] - share['held_out_alone']:+6.2f} "
                  f"{share['shipped_alone']:14.2f} {share['shipped_joint']:14.2f} "
                  f"{share['shipped_joint'] - share['shipped_alone']:+6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, help="the rows train_speaker_ranker.py --cache kept")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "pdnc")
    parser.add_argument("--drop", help="leave out the features whose names start with this")
    parser.add_argument("--out", type=Path, help="keep the per-novel counts (JSON)")
    args = parser.parse_args()
    forests = held_out_forests(args.cache, args.drop)
    directories = sorted(p for p in (args.data / "novels").iterdir() if (p / "quotation_info.csv").exists())
    rows = []
    for setting in SETTINGS:
        for directory in directories:
            rows.append(measure(directory, setting, forests))
            print(directory.name, setting, {k: v["all"] for k, v in rows[-1].items() if k.endswith(("alone", "joint"))},
                  flush=True)
            if args.out:
                args.out.write_text(json.dumps(rows))
    report(rows)


if __name__ == "__main__":
    main()
