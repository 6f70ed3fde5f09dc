"""Time every export format on a full novel, as a ratio of the analysis time measured in the same run.

    .venv/bin/python benchmarks/bench_export.py [NOVEL_TEXT] [--component]

Defaults to Pride and Prejudice from ../shared/data/pdnc; outputs go to a temporary folder. With `--component`,
also the spaCy component: the English pipeline on the whole text without and with `ficlens` added, and how many
speakers agree with the analysis (the component reuses the Doc's parse, which saw neighbouring paragraphs).
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
    arguments = [a for a in sys.argv[1:] if a != "--component"]
    path = Path(arguments[0]) if arguments else DEFAULT
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
    if "--component" in sys.argv:
        component(path.read_text(encoding="utf-8"), model, analysis)


def component(text: str, model, analysis: float) -> None:
    import spacy

    import ficlens.component  # noqa: F401 - registers the factory

    nlp = spacy.load(load_nlp().meta["lang"] + "_" + load_nlp().meta["name"], exclude=["ner", "lemmatizer"])
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    started = time.perf_counter()
    nlp(text)
    plain = time.perf_counter() - started
    nlp.add_pipe("ficlens", config={"fandom": "none"})
    started = time.perf_counter()
    doc = nlp(text)
    seconds = time.perf_counter() - started
    print(f"| spaCy pipeline, whole text | {plain:.2f} | {plain / analysis:.3f} |")
    print(f"| spaCy pipeline + ficlens component | {seconds:.2f} | {seconds / analysis:.3f} |")
    same = sum(a.speaker == b.speaker for a, b in zip(doc._.ficlens.utterances, model.utterances, strict=True))
    print(f"speakers agreeing with the analysis: {same} of {len(model.utterances)}")


if __name__ == "__main__":
    main()
