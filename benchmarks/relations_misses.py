"""Gold memberships, events and relations next to the predicted ones, per work, to sort the misses (group not
found, membership not inferred, event missed, wrong polarity and the evidence it rests on):
python benchmarks/relations_misses.py [DIR] [--only a,b]."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ficlens.evaluation.relations import judged_items, judged_phase, matched_characters
from ficlens.pipeline import analyze_bytes

EVIDENCE_SHOWN = 3
"""Evidence spans printed under each judged phase."""


def show(gold: dict, model) -> None:
    names = {c.id: c.name for c in model.characters}
    groups = {g.id: g.name for g in model.groups}
    print("  predicted groups:", [(g.name, g.kind, len(g.mentions)) for g in model.groups])
    for item, ok, ids in judged_items(gold, model):
        mark = "OK  " if ok else "MISS"
        if "at" in item:
            have = [(groups[m.group], m.start, m.end, round(m.confidence, 2)) for m in model.memberships
                    if m.character in ids]
            print(f"  {mark} {item['at']:6} {item['character']:12} {item['group']:18} has {have}")
        else:
            have = [(e.kind, groups[e.group], e.start, e.text[:60]) for e in model.events if e.character in ids]
            print(f"  {mark} {item['kind']:6} {item['character']:12} {item['group']:18} near {item['near']!r}\n"
                  f"        has {have}")
    characters = matched_characters(gold, model)
    for item in gold.get("relations", []):
        phase = judged_phase(model, item, characters)
        got = phase.polarity if phase else "-"
        mark = "OK  " if got == item["polarity"] else "MISS"
        print(f"  {mark} {item['at']:6} {item['a']:10} {item['b']:10} gold {item['polarity']:9} got {got}")
        for start, end in (phase.evidence[:EVIDENCE_SHOWN] if phase else []):
            print(f"        {start:6} {model.text[start:end][:110]!r}")
    print("  all events:", [(e.kind, names.get(e.character), groups[e.group], e.text[:50]) for e in model.events])


def main(folder: Path, only: set[str]) -> None:
    for gold_path in sorted(folder.glob("*.gold.json")):
        work = gold_path.name.removesuffix(".gold.json")
        if only and work not in only:
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        print(f"=== {work}")
        show(gold, analyze_bytes((folder / gold["input"]).read_bytes(), name=gold["input"]))


if __name__ == "__main__":
    args = sys.argv[1:]
    only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else set()
    folders = [a for a in args if not a.startswith("--") and a not in ",".join(only).split(",")]
    main(Path(folders[0]) if folders else Path(__file__).resolve().parents[1] / "../shared/data/fanfic", only)
