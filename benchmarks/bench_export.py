"""Time every export format on a full novel, as a ratio of the analysis time measured in the same run.

    .venv/bin/python benchmarks/bench_export.py [NOVEL_TEXT]

Defaults to Pride and Prejudice from ../shared/data/pdnc; outputs go to a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ficlens import analyze_bytes
from ficlens.export import EXPORTERS, export, story_lines
from ficlens.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/pdnc/novels/PrideAndPrejudice/novel_text.txt"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    load_nlp()
    started = time.perf_counter()
    model = analyze_bytes(path.read_bytes(), name=path.name, fandom="none")
    analysis = time.perf_counter() - started
    started = time.perf_counter()
    lines = story_lines(model)
    seconds = time.perf_counter() - started
    print(f"{path.name}: {model.stats.words} words, {len(model.utterances)} utterances, {len(lines)} lines")
    print(f"| step | seconds | / analysis |\n|---|---|---|\n| analyze | {analysis:.2f} | 1.000 |")
    print(f"| line model | {seconds:.3f} | {seconds / analysis:.3f} |")
    with tempfile.TemporaryDirectory() as folder:
        for name, exporter in sorted(EXPORTERS.items()):
            started = time.perf_counter()
            result = export(model, name, Path(folder) / f"story{exporter.suffix}")
            seconds = time.perf_counter() - started
            size = sum(p.stat().st_size for p in result.paths) / 2**20
            print(f"| {name} ({size:.1f} MiB) | {seconds:.3f} | {seconds / analysis:.3f} |")


if __name__ == "__main__":
    main()
