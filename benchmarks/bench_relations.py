"""What the relations layer adds to a whole novel, in one process: its step, its report section, its tables.

    PYTHONPATH=src python benchmarks/bench_relations.py [NOVEL_TEXT] [--repeat N]

Analyses the novel once with the relations step timed apart (the rest of the analysis is the baseline), then
renders the report and builds the corpus rows with and without the relations layer. Prints the seconds and
the ratio (relations step + report section + tables) / (analysis without the step + report + tables).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ficlens.pipeline as pipeline
import ficlens.relations.build as relations_step
from ficlens.corpus.tables import model_rows
from ficlens.report.html import render_html

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/pdnc/novels/PrideAndPrejudice/novel_text.txt"
_EMPTY = {"groups": [], "memberships": [], "events": [], "relationships": []}


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def measure(path: Path) -> dict[str, float]:
    spent = {"relations": 0.0}
    build = relations_step.build_relations

    def timed_build(analysis):
        result, seconds = _timed(build, analysis)
        spent["relations"] += seconds
        return result

    relations_step.build_relations = timed_build
    try:
        model, total = _timed(pipeline.analyze_bytes, path.read_bytes(), path.name, "none")
    finally:
        relations_step.build_relations = build
    bare = model.model_copy(update=_EMPTY)
    _, report = _timed(render_html, model)
    _, bare_report = _timed(render_html, bare)
    _, rows = _timed(model_rows, model, str(path), 0, None)
    _, bare_rows = _timed(model_rows, bare, str(path), 0, None)
    return {
        "words": model.stats.words, "analysis_s": total - spent["relations"], "relations_s": spent["relations"],
        "report_s": bare_report, "report_extra_s": max(report - bare_report, 0.0),
        "rows_s": bare_rows, "rows_extra_s": max(rows - bare_rows, 0.0),
        "groups": len(model.groups), "memberships": len(model.memberships), "events": len(model.events),
        "relationships": len(model.relationships),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novel", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    best = min((measure(args.novel) for _ in range(args.repeat)), key=lambda r: r["relations_s"])
    base = best["analysis_s"] + best["report_s"] + best["rows_s"]
    extra = best["relations_s"] + best["report_extra_s"] + best["rows_extra_s"]
    for key, value in best.items():
        print(f"{key:16} {value:10.3f}" if isinstance(value, float) else f"{key:16} {value:10}")
    print(f"{'ratio':16} {extra / base:10.3f}  (relations step + report section + tables over the rest)")


if __name__ == "__main__":
    main()
