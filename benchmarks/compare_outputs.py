"""Dump story models with one and with two parse processes and compare them (stats.seconds aside).

    .venv/bin/python benchmarks/compare_outputs.py DUMP_DIR [--src OTHER_TREE/src] [--against OTHER_DUMP_DIR]
        [--novels PrideAndPrejudice,OliverTwist]

Writes DUMP_DIR/NAME.p1.json and NAME.p2.json for the sample story, the fan-fiction works and the PDNC novels
named (from ../shared/data, never copied into the repository), each mode in one fresh process
(`FICLENS_PROCESSES`), then says which differ: with one against two processes, and, with --against, each
against the other dump's (for example one made from the tree before a change with --src).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
NOVELS = "PrideAndPrejudice,OliverTwist,WinnieThePooh,TheSignOfTheFour,HowardsEnd"

_DUMP = """
import json, sys
from pathlib import Path
from ficlens import analyze_bytes
out = Path(sys.argv[1])
for name, path in json.loads(sys.argv[2]):
    model = json.loads(analyze_bytes(Path(path).read_bytes(), name=Path(path).name).model_dump_json())
    model["stats"].pop("seconds", None)
    (out / f"{name}.p{sys.argv[3]}.json").write_text(json.dumps(model, indent=1, sort_keys=True))
"""


def inputs(novels: list[str]) -> list[tuple[str, str]]:
    found = [(p.stem, str(p)) for p in sorted((DATA / "samples").glob("*.txt"))]
    found += [(p.stem, str(p)) for p in sorted((DATA / "fanfic").iterdir()) if p.suffix in (".txt", ".html", ".epub")]
    found += [(n, str(DATA / "pdnc" / "novels" / n / "novel_text.txt")) for n in novels if n]
    return found


def dump(out: Path, src: Path, works: list[tuple[str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for processes in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(src), "FICLENS_PROCESSES": processes}
        subprocess.run([sys.executable, "-c", _DUMP, str(out), json.dumps(works), processes], env=env, check=True)


def differing(left: Path, right: Path) -> bool:
    return left.read_bytes() != right.read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--against", type=Path)
    parser.add_argument("--novels", default=NOVELS)
    args = parser.parse_args()
    works = inputs(args.novels.split(","))
    dump(args.out, args.src.resolve(), works)
    bad = 0
    for name, _ in works:
        pairs = [("1 vs 2 processes", args.out / f"{name}.p1.json", args.out / f"{name}.p2.json")]
        if args.against:
            pairs += [(f"p{n} vs {args.against}", args.out / f"{name}.p{n}.json", args.against / f"{name}.p{n}.json")
                      for n in ("1", "2")]
        for label, left, right in pairs:
            if differing(left, right):
                bad += 1
                print(f"DIFFERENT {name}: {label}")
    print(f"{len(works)} works compared, {bad} differences")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
