"""Train the speaker ranker (src/ficlens/dialogue/models/speaker_ranker.json) on PDNC, novels held out.

    .venv/bin/python training/train_speaker_ranker.py [--data ../shared/data/pdnc] [--folds 7] [--jobs 2]

1. Runs the default pipeline stopped before the ranker (`PIPELINE.before("ranker")`, fandom-pack detection
   included, as `ficlens analyze` does) on every PDNC novel and collects, for each
   gold quotation the sieve did not settle with an explicit tag, the candidate speakers and their features;
   a candidate is right when it maps (through names and aliases only, as the evaluation does) to the gold
   speaker.
2. Cross-validates by novel (GroupKFold: a novel is never in training and test at once) and prints, on the
   held-out novels, the accuracy of the sieve and of the ranker on those quotations, and the change in
   end-to-end speaker accuracy over all quotations.
3. Fits on all novels and writes the coefficients as JSON (no pickle: the package reads them with `json`).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ficlens" / "dialogue" / "models" / "speaker_ranker.json"


def collect(directory: Path) -> dict:
    from ficlens.dialogue.context import Context
    from ficlens.dialogue.ranker import RANKED_EVIDENCE, candidates
    from ficlens.evaluation.pdnc import CharacterMatcher, load_novel
    from ficlens.evaluation.spans import SpanIndex, covers_half
    from ficlens.ingest import read_document
    from ficlens.pipeline import PIPELINE, start_analysis

    gold = load_novel(directory)
    document = read_document((directory / "novel_text.txt").read_bytes())
    # the analysis `ficlens analyze` makes (fandom pack detection included), stopped before the ranker
    analysis = PIPELINE.before("ranker").run(start_analysis(document))
    context = Context.build(analysis)
    matcher = CharacterMatcher(gold.characters, gold.quote_counts())
    mapped = {
        index: matcher.choose(matcher.matches(m.name, sorted(m.aliases), narrator=m.kind == "narrator"))
        for index, m in enumerate(context.cast.members)
    }
    index = SpanIndex([(q.start, q.end, n) for n, q in enumerate(analysis.quotes)])
    rows = []
    for quote in gold.quotes:
        number = None
        for span in quote.spans:
            item, _ = index.best(*span)
            if item is not None and covers_half((item[0], item[1]), span):
                number = item[2]
                break
        if number is None:
            continue
        predicted = analysis.quotes[number]
        if predicted.evidence not in RANKED_EVIDENCE or predicted.kind == "telepathy":
            continue
        pool = candidates(context, number)
        rows.append({
            "features": [c.features for c in pool],
            "labels": [quote.speaker is not None and mapped.get(c.member) == quote.speaker for c in pool],
            "sieve": quote.speaker is not None and mapped.get(predicted.speaker) == quote.speaker,
        })
    return {"novel": directory.name, "quotes": len(gold.quotes), "rows": rows}


def fit(rows: list[dict]) -> tuple[DictVectorizer, LogisticRegression]:
    features, labels = [], []
    for row in rows:
        if any(row["labels"]):
            features.extend(row["features"])
            labels.extend(row["labels"])
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(vectorizer.fit_transform(features), np.array(labels))
    return vectorizer, model


def ranked_right(vectorizer: DictVectorizer, model: LogisticRegression, row: dict) -> bool:
    if not row["features"]:
        return False
    scores = model.decision_function(vectorizer.transform(row["features"]))
    return bool(row["labels"][int(np.argmax(scores))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "pdnc")
    parser.add_argument("--folds", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    directories = sorted(p for p in (args.data / "novels").iterdir() if (p / "quotation_info.csv").exists())
    with Pool(args.jobs) as pool:
        novels = pool.map(collect, directories, chunksize=1)
    groups = [n["novel"] for n in novels]
    per_novel: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # rows, sieve, ranker, quotes, oracle
    for train, test in GroupKFold(n_splits=args.folds).split(novels, groups=groups):
        vectorizer, model = fit([row for i in train for row in novels[i]["rows"]])
        for i in test:
            counts = per_novel[novels[i]["novel"]]
            counts[3] = novels[i]["quotes"]
            for row in novels[i]["rows"]:
                counts[0] += 1
                counts[4] += any(row["labels"])
                counts[1] += row["sieve"]
                counts[2] += ranked_right(vectorizer, model, row)
    print(f"{'novel (held out)':28} {'ranked':>7} {'sieve %':>8} {'ranker %':>9} {'end-to-end +pts':>16} {'oracle %':>9}")
    total = [0, 0, 0, 0, 0]
    for novel in sorted(per_novel):
        rows, sieve, ranker, quotes, oracle = per_novel[novel]
        total = [a + b for a, b in zip(total, per_novel[novel], strict=True)]
        print(f"{novel[:28]:28} {rows:7} {100 * sieve / max(rows, 1):8.1f} {100 * ranker / max(rows, 1):9.1f} "
              f"{100 * (ranker - sieve) / max(quotes, 1):16.2f} {100 * oracle / max(rows, 1):9.1f}")
    rows, sieve, ranker, quotes, oracle = total
    print(f"{'TOTAL':28} {rows:7} {100 * sieve / rows:8.1f} {100 * ranker / rows:9.1f} "
          f"{100 * (ranker - sieve) / quotes:16.2f} {100 * oracle / rows:9.1f}")
    if args.no_write:
        return
    vectorizer, model = fit([row for n in novels for row in n["rows"]])
    weights = {
        "model": "logistic regression over candidate speakers (scikit-learn), trained on PDNC",
        "held_out": {"quotations_ranked": rows, "sieve_accuracy": round(sieve / rows, 4),
                     "ranker_accuracy": round(ranker / rows, 4),
                     "end_to_end_gain_points": round(100 * (ranker - sieve) / quotes, 2)},
        "intercept": float(model.intercept_[0]),
        "coefficients": {name: round(float(c), 5) for name, c in zip(vectorizer.feature_names_, model.coef_[0],
                                                                       strict=True)},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(weights, indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
