"""Gold memberships and events next to the predicted ones, per work, to sort the misses:
python benchmarks/relations_misses.py [DIR] [--only a,b]."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ficlens.evaluation.relations import _found, _held, _match
from ficlens.pipeline import analyze_bytes


def show(gold: dict, model) -> None:
    characters = _match(gold.get("characters", {}), [(c.id, c.name, c.aliases) for c in model.characters])
    groups = _match(gold.get("groups", {}), [(g.id, g.name, g.aliases) for g in model.groups])
    names = {c.id: c.name for c in model.characters}
    gnames = {g.id: g.name for g in model.groups}
    first = {c.id: min((s for s, _ in c.mentions), default=None) for c in model.characters}
    print("groups:", {k: sorted(gnames[i] for i in v) for k, v in groups.items()})
    print("  predicted:", [(g.id, g.name, g.kind, len(g.mentions)) for g in model.groups])
    print("characters:", {k: sorted(names[i] for i in v) for k, v in characters.items()})
    for item in gold.get("memberships", []):
        ok = _held(model, item, characters, groups, first)
        have = [(gnames[m.group], m.start, m.end, round(m.confidence, 2)) for m in model.memberships
                if m.character in characters.get(item["character"], set())]
        print(f"  {'OK ' if ok else 'MISS'} {item['at']:5} {item['character']:12} {item['group']:18} has {have}")
    for item in gold.get("events", []):
        ok = _found(model, item, characters, groups)
        have = [(e.kind, gnames[e.group], e.start, e.text[:60]) for e in model.events
                if e.character in characters.get(item["character"], set())]
        print(f"  {'OK ' if ok else 'MISS'} {item['kind']:6} {item['character']:12} {item['group']:18} near {item['near']!r}\n"
              f"        has {have}")
    print("  all events:", [(e.kind, names.get(e.character), gnames[e.group], e.text[:50]) for e in model.events])


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
    main(Path(next((a for a in args if not a.startswith("--") and "," not in a and a not in only), "../shared/data/fanfic")), only)
