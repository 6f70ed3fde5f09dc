"""PDNC speaker misses of one quote type (anaphoric by default), to sort them into kinds.

    PYTHONPATH=src .venv/bin/python benchmarks/anaphora_misses.py ../shared/data/pdnc [--setting e2e|gold]
        [--novels A,B] [--type Anaphoric] [--rules-only] [--cache DIR] [--show N] [--jobs N]

For every novel it runs the pipeline (with `--rules-only`, without the ranker step), scores the model the way
`ficlens eval pdnc` does (`evaluation.pdnc.score_model`), prints speaker accuracy per quote type (and addressee
accuracy) over the novels it ran, and lists the misses of the chosen type: gold speaker, predicted speaker and its evidence, the gold
referring expression, the narration around the quotation's tag, and the character the tag's he/she resolves to
before the ranker (`Context.resolve_pronoun` on the tag's pronoun). `--cache DIR` keeps each novel's analysis up
to the cast step (the parse) as a pickle, so runs after the first skip the parse: only valid while the
steps before the cast are unchanged (delete the folder otherwise).
"""

from __future__ import annotations

import argparse
import pickle
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TAG_WINDOW = 120
"""Characters of narration shown on each side of a missed quotation."""
PRONOUN = re.compile(r"\b(he|she)\b", re.I)


def prepared(directory: Path, setting: str, cache: Path | None):
    """The novel's gold and its analysis run up to (not including) the speakers step. The cache holds it up to
    the cast step, for both settings: only the cast step reads the roster (and the cast keeps a closure, which
    does not pickle)."""
    from ficlens.evaluation.pdnc import gold_roster, load_novel
    from ficlens.ingest import read_document
    from ficlens.pipeline import PIPELINE, start_analysis

    gold = load_novel(directory)
    path = cache / f"{directory.name}.pickle" if cache else None
    if path is not None and path.exists():
        analysis = pickle.loads(path.read_bytes())
    else:
        document = read_document((directory / "novel_text.txt").read_bytes())
        analysis = PIPELINE.before("cast").run(start_analysis(document, fandom="none"))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            empty, analysis.cast = analysis.cast, None  # the cast step builds a fresh one
            path.write_bytes(pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))
            analysis.cast = empty
    analysis.roster = gold_roster(gold) if setting == "gold" else None
    PIPELINE.step("cast")(analysis)
    return gold, analysis


def tag_antecedents(analysis) -> dict[int, str]:
    """Per quotation start: the he/she right after (else right before) it in its paragraph, and whom
    `resolve_pronoun` makes of it now."""
    from ficlens.dialogue.context import Context

    context = Context.build(analysis)
    text = analysis.text
    found = {}
    for quote in analysis.quotes:
        paragraph = analysis.paragraphs[quote.last_para]
        after = PRONOUN.search(text, quote.end, min(paragraph.end, quote.end + 40))
        before = list(PRONOUN.finditer(text, max(analysis.paragraphs[quote.para].start, quote.start - 60), quote.start))
        pronoun = after or (before[-1] if before else None)
        if pronoun is None:
            continue
        member = context.resolve_pronoun(pronoun.group(1), pronoun.start(), None, set())
        name = analysis.cast.members[member].name if member is not None else None
        found[quote.start] = f"{pronoun.group(1)}@{pronoun.start() - quote.end:+d} -> {name}"
    return found


def run(job: tuple[Path, str, Path | None, bool, str]) -> dict:
    from ficlens.evaluation.pdnc import score_model
    from ficlens.model import Source
    from ficlens.pipeline import PIPELINE
    from ficlens.version import __version__

    directory, setting, cache, rules_only, quote_type = job
    gold, analysis = prepared(directory, setting, cache)
    rest = [s for s in PIPELINE.names[PIPELINE.names.index("speakers") :] if s != "relations"]
    if rules_only:
        rest.remove("ranker")
    for name in rest:
        PIPELINE.step(name)(analysis)
        if name == "speakers":
            antecedents = tag_antecedents(analysis)
    model = analysis.to_model(source=Source(name=directory.name, sha256="", encoding="utf-8", bytes=0),
                              version=__version__)
    score = score_model(model, gold)
    spans = {q.id: q.spans for q in gold.quotes}
    misses = []
    for error in score.errors:
        if error.quote_type != quote_type:
            continue
        start, end = spans[error.quote_id][0]
        quote = next((q for q in analysis.quotes if q.start <= start < q.end), None)
        left = gold.text[max(0, start - TAG_WINDOW) : start].replace("\n", " / ")
        right = gold.text[end : end + TAG_WINDOW].replace("\n", " / ")
        misses.append({
            "novel": directory.name, "id": error.quote_id, "gold": error.gold, "predicted": error.predicted,
            "evidence": error.evidence, "referring": error.referring, "kind": error.kind,
            "left": left, "right": right, "text": error.text[:60],
            "antecedent": antecedents.get(quote.start, "-") if quote is not None else "not found",
        })
    return {"novel": directory.name, "by_type": score.by_type, "quotes": score.quotes,
            "correct": score.speaker_correct, "addressee": (score.addressee_quotes, score.addressee_correct),
            "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdnc", type=Path)
    parser.add_argument("--setting", default="e2e", choices=("e2e", "gold"))
    parser.add_argument("--novels", default=None)
    parser.add_argument("--type", default="Anaphoric", dest="quote_type")
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--show", type=int, default=0, help="misses to print (0: none, only the totals)")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    from ficlens.evaluation.pdnc import novel_dirs

    directories = [d for d in novel_dirs(args.pdnc) if not args.novels or d.name in args.novels.split(",")]
    jobs = [(d, args.setting, args.cache, args.rules_only, args.quote_type) for d in directories]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run, jobs))
    misses = [m for r in results for m in r["misses"]]
    for miss in misses[: args.show]:
        print(f"[{miss['novel']} {miss['id']}] gold {miss['gold']!r} predicted {miss['predicted']!r} "
              f"({miss['evidence']}, {miss['kind']}) ref {miss['referring']!r} tag {miss['antecedent']}")
        print(f"    ...{miss['left']}<<{miss['text']}>>{miss['right']}...")
    totals: Counter = Counter()
    for result in results:
        for quote_type, (count, _found, correct) in result["by_type"].items():
            totals[quote_type, 0] += count
            totals[quote_type, 1] += correct
        totals["all", 0] += result["quotes"]
        totals["all", 1] += result["correct"]
        totals["addressee", 0] += result["addressee"][0]
        totals["addressee", 1] += result["addressee"][1]
    line = ", ".join(f"{t} {100 * totals[t, 1] / totals[t, 0]:.2f}" for t in ("all", "Explicit", "Anaphoric", "Implicit", "addressee")
                     if totals[t, 0])
    print(f"{args.setting}{' rules only' if args.rules_only else ''}: speaker {line} ({len(misses)} "
          f"{args.quote_type} misses)")
    kinds = Counter((m["evidence"], m["kind"]) for m in misses)
    print("misses by evidence and kind:", ", ".join(f"{e}/{k} {n}" for (e, k), n in kinds.most_common()))


if __name__ == "__main__":
    main()
