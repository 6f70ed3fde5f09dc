"""Benchmark `ficlens corpus run`: works/hour and words/second with 1 and 2 workers, peak worker memory,
store size per million words.

The corpus is generated in a temporary folder from the PDNC novels (../shared/data/pdnc/novels/*/novel_text.txt,
never copied into the repository): each novel is cut at its "Chapter ..." lines (novels without them into
~4,000-word pieces at paragraph breaks), and N chapters are taken evenly across all of them.

    .venv/bin/python benchmarks/corpus_bench.py --works 80 --workers 1 2 [--json out.json]
    .venv/bin/python benchmarks/corpus_bench.py --dump /tmp/works --workers 1 2 --batch-words 100000

`--dump` times a folder of works instead (copy them outside the repository first); words are the works' own
counts. Words/s per core divide by the workers; words per CPU-second divide by the CPU the workers used.

Each setting gets a fresh local cluster (processes, one thread each) whose workers have loaded spaCy before
the clock starts, so the figures are the steady state: cluster start-up (~2-5 s) is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOVELS = ROOT.parent / "shared" / "data" / "pdnc" / "novels"
CHAPTER = re.compile(r"^\s*(?:CHAPTER|Chapter)\b[^\n]{0,80}$", re.MULTILINE)


def chapters(text: str, piece_words: int = 4000) -> list[str]:
    starts = [m.start() for m in CHAPTER.finditer(text)]
    if len(starts) >= 3:
        return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    pieces, current, words = [], [], 0
    for paragraph in re.split(r"\n\s*\n", text):
        current.append(paragraph)
        words += len(paragraph.split())
        if words >= piece_words:
            pieces.append("\n\n".join(current))
            current, words = [], 0
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def make_corpus(folder: Path, works: int) -> tuple[int, int]:
    every: list[tuple[str, int, str]] = []
    for novel in sorted(NOVELS.glob("*/novel_text.txt")):
        text = novel.read_text(encoding="utf-8", errors="replace")
        for number, chapter in enumerate(chapters(text)):
            if len(chapter.split()) >= 300:
                every.append((novel.parent.name, number, chapter))
    if not every:
        sys.exit(f"no novels under {NOVELS}")
    step = len(every) / min(works, len(every))
    chosen = [every[int(i * step)] for i in range(min(works, len(every)))]
    total_words = 0
    for name, number, chapter in chosen:
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / f"chapter_{number:03d}.txt").write_text(chapter, encoding="utf-8")
        total_words += len(chapter.split())
    return len(chosen), total_words


def _cpu_seconds() -> float:
    """The worker's CPU and its finished children's: each work is analysed in a child under its limits."""
    return sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def _peak_rss_mib() -> float:
    """The larger of the worker's peak and its largest child's (Linux: KiB)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def bench(corpus: Path, workers: int, batch_size: int, batch_words: int) -> dict:
    import logging

    from distributed import Client, LocalCluster

    from ficlens.corpus.runner import RunOptions, run_corpus
    from ficlens.nlp import load_nlp

    store = Path(tempfile.mkdtemp(prefix=f"ficlens-bench-store-{workers}-"))
    shutil.rmtree(store)
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(load_nlp)
        client.run(lambda: None)
        startup = time.perf_counter() - started
        load_before = os.getloadavg()
        cpu_before = client.run(_cpu_seconds)
        summary = run_corpus(
            RunOptions(inputs=[str(corpus)], store=store, scheduler=cluster.scheduler_address,
                       batch_size=batch_size, batch_words=batch_words, progress=False),
            echo=lambda line: None,
        )  # fmt: skip
        load_after = os.getloadavg()
        rss = client.run(_peak_rss_mib)
        cpu_after = client.run(_cpu_seconds)
    # The share of a core each worker process actually got: well under 1 means other jobs took the CPU.
    cpu_used = {w: cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after}
    cpu_share = [used / summary.seconds for used in cpu_used.values()]
    size = sum(p.stat().st_size for p in store.rglob("*.parquet"))
    result = {
        "workers": workers,
        "works": summary.analysed,
        "failed": summary.failed,
        "words": summary.words,
        "seconds": round(summary.seconds, 2),
        "cluster_startup_s": round(startup, 2),
        "works_per_hour": round(summary.analysed / summary.seconds * 3600),
        "words_per_second": round(summary.words / summary.seconds),
        "words_per_second_per_core": round(summary.words / summary.seconds / workers),
        "words_per_cpu_second": round(summary.words / sum(cpu_used.values())) if sum(cpu_used.values()) else None,
        "peak_rss_mib_per_worker": round(max(rss.values()), 1),
        "worker_cpu_share": [round(x, 2) for x in cpu_share],
        "store_bytes": size,
        "store_mib_per_million_words": round(size / 2**20 / (summary.words / 1e6), 1) if summary.words else None,
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }
    shutil.rmtree(store, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=80)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--batch-words", type=int, default=100_000)
    parser.add_argument("--dump", type=Path, help="a folder of works to time instead of PDNC chapters")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-corpus-") as tmp:
        corpus = args.dump or Path(tmp)
        if args.dump:
            files = [p for p in corpus.rglob("*") if p.is_file()]
            n, words = len(files), sum(len(p.read_bytes().split()) for p in files)
        else:
            n, words = make_corpus(corpus, args.works)
        print(f"corpus: {n} works, {words:,} words (whitespace tokens), {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
        results = []
        for w in args.workers:
            results.append(bench(corpus, w, args.batch_size, args.batch_words))
            print(json.dumps(results[-1]), flush=True)
    base = results[0]
    for r in results:
        r["speedup"] = round(r["words_per_second"] / base["words_per_second"], 2)
        r["efficiency"] = round(r["speedup"] / (r["workers"] / base["workers"]), 2)
    print("\n| workers | works | words | seconds | works/hour | words/s | words/s per core | words/CPU s | speedup | efficiency | peak RSS/worker "
          "| store MiB per 1M words | CPU share per worker | load avg (before, after) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['workers']} | {r['works']} | {r['words']:,} | {r['seconds']} | {r['works_per_hour']:,} | "
              f"{r['words_per_second']:,} | {r['words_per_second_per_core']:,} | {r['words_per_cpu_second']:,} | {r['speedup']} | {r['efficiency']} | {r['peak_rss_mib_per_worker']} MiB "
              f"| {r['store_mib_per_million_words']} | {r['worker_cpu_share']} | {r['load_average_before_after']} |")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"works": n, "words": words, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
