"""Relations figures on the fan-fiction dev set: python benchmarks/eval_relations.py [DIR] [--only a,b]."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ficlens.evaluation.relations import FIGURES, score_relations
from ficlens.pipeline import analyze_bytes


def main(folder: Path, only: set[str]) -> None:
    totals = {name: [0, 0] for name in FIGURES}
    print(f"{'work':28}" + "".join(f"{name:>20}" for name in FIGURES))
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        work = gold_path.name.removesuffix(".gold.json")
        if only and work not in only:
            continue
        model = analyze_bytes((folder / gold["input"]).read_bytes(), name=gold["input"])
        scores = score_relations(gold, model)
        for name, (right, total) in scores.items():
            totals[name][0] += right
            totals[name][1] += total
        print(f"{work:28}" + "".join(f"{f'{r}/{t}':>20}" for r, t in scores.values()))
    print(f"{'TOTAL':28}" + "".join(f"{f'{r}/{t} {100 * r / max(t, 1):.0f}%':>20}" for r, t in totals.values()))


if __name__ == "__main__":
    args = sys.argv[1:]
    only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else set()
    paths = [a for a in args if not a.startswith("--") and a not in ",".join(only).split(",")]
    main(Path(paths[0]) if paths else Path(__file__).resolve().parents[1] / "../shared/data/fanfic", only)
