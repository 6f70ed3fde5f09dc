"""Time `ficlens analyze` on a full novel and report words per second and peak memory.

    .venv/bin/python benchmarks/bench_analyze.py [NOVEL_TEXT ...] [--repeat N]

Defaults to Pride and Prejudice from ../shared/data/pdnc. Each novel runs in a fresh process, so the figure
includes loading the spaCy pipeline, as a user running the command would see it; peak memory is the
process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/pdnc/novels/PrideAndPrejudice/novel_text.txt"

_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from ficlens import analyze_bytes
from ficlens.nlp import load_nlp
load_nlp()
loaded = time.perf_counter()
data = open(sys.argv[1], "rb").read()
model = analyze_bytes(data, name=sys.argv[1], fandom="none")
done = time.perf_counter()
print(json.dumps({"words": model.stats.words, "utterances": len(model.utterances),
                  "characters": len(model.characters), "load_s": loaded - started, "analyse_s": done - loaded,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novels", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{'novel':32} {'words':>8} {'load s':>7} {'analyse s':>9} {'words/s':>8} {'peak MiB':>9}")
    for novel in args.novels:
        best = min((measure(novel) for _ in range(args.repeat)), key=lambda r: r["analyse_s"])
        name = novel.parent.name if novel.name == "novel_text.txt" else novel.name
        print(
            f"{name[:32]:32} {best['words']:>8} {best['load_s']:>7.2f} {best['analyse_s']:>9.2f} "
            f"{best['words'] / best['analyse_s']:>8.0f} {best['peak_mib']:>9.0f}"
        )


if __name__ == "__main__":
    main()
