"""CPU seconds of the speaker ranker step alone (`rank_speakers`), on the analysis as the steps before it leave it.

    .venv/bin/python benchmarks/bench_ranker.py [NOVEL_OR_FILE ...] [--words 100000] [--repeat 3] [--processes 1]

A name without a slash is a PDNC novel (../shared/data/pdnc/novels/NAME/novel_text.txt); `--words N` adds the
N-word input `bench_analyze.py` makes (the PDNC novels in name order, cut past N words). The steps before the
ranker run once; the ranker runs `--repeat` times on the attributions they left (restored before each run) and
the fastest is kept. gender-guesser's name lists are loaded first (in the pipeline they load on first use, often
in this step: about 0.4 CPU s). CPU seconds include a forked second process's (`--processes 2`), wall seconds
are shown too; run it with `PYTHONPATH=OTHER_TREE/src` to time another tree.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from bench_analyze import build_input

NOVELS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pdnc" / "novels"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=["PrideAndPrejudice"])
    parser.add_argument("--words", type=int, nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    os.environ["FICLENS_PROCESSES"] = str(args.processes)  # read by the step (an older tree's too)

    from ficlens.analysis import Analysis
    from ficlens.dialogue import ranker
    from ficlens.dialogue.name_gender import name_gender
    from ficlens.ingest import read_document
    from ficlens.nlp import load_nlp
    from ficlens.pipeline import PIPELINE

    load_nlp()
    name_gender("Anna")
    ranker.load_model()
    folder = Path(tempfile.mkdtemp(prefix="bench_ranker_"))
    paths = [Path(name) if "/" in name else NOVELS / name / "novel_text.txt" for name in args.inputs]
    for path in paths + [build_input(words, folder) for words in args.words]:
        name = path.parent.name if path.name == "novel_text.txt" else path.name
        analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(path.read_bytes())))
        before = [(q.speaker, q.evidence, q.confidence, q.tag_speaker) for q in analysis.quotes]
        best_cpu = best_wall = float("inf")
        for _ in range(args.repeat):
            for quote, (speaker, evidence, confidence, tag_speaker) in zip(analysis.quotes, before, strict=True):
                quote.speaker, quote.evidence, quote.confidence, quote.tag_speaker = (
                    speaker, evidence, confidence, tag_speaker)
            cpu, wall = _cpu(), time.perf_counter()
            ranker.rank_speakers(analysis)
            best_cpu, best_wall = min(best_cpu, _cpu() - cpu), min(best_wall, time.perf_counter() - wall)
        ranked = sum(ranker.ranked(q) for q in analysis.quotes)
        print(f"{name}: {len(analysis.quotes)} quotations, {ranked} ranked; ranker {best_cpu:.3f} CPU s, "
              f"{best_wall:.3f} s wall ({args.processes} process{'es' if args.processes == 2 else ''})", flush=True)


if __name__ == "__main__":
    main()
