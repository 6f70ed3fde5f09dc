"""`ficlens eval pdnc DIR`, `ficlens eval litbank DIR`, `ficlens eval fanfic DIR` and `ficlens eval cast DIR...`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(no_args_is_help=True, add_completion=False)
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)

NovelsOption = Annotated[
    str | None, typer.Option("--novels", help="Comma-separated novel folder names (default: all).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
ErrorsOption = Annotated[
    int, typer.Option("--errors", min=0, help="Show this many sampled speaker errors per novel/document.")
]


def _fail(message: str) -> None:
    err.print(f"[bold red]ficlens: error:[/] {message}", highlight=False)
    raise typer.Exit(2)


def select_novels(root: Path, novels: str | None) -> list[Path]:
    from ficlens.evaluation.pdnc import novel_dirs

    if not root.is_dir():
        _fail(f"{root}: not a directory")
    available = novel_dirs(root)
    if not available:
        _fail(f"{root}: no PDNC novels (folders with quotation_info.csv) found")
    if not novels:
        return available
    by_name = {p.name.casefold(): p for p in available}
    chosen = []
    for name in (n.strip() for n in novels.split(",")):
        if not name:
            continue
        if name.casefold() not in by_name:
            _fail(f"no novel {name!r} in {root} (have: {', '.join(p.name for p in available)})")
        chosen.append(by_name[name.casefold()])
    return chosen


def _progress(label: str, total: int, quiet: bool):
    done = [0]

    def report(score) -> None:
        done[0] += 1
        if quiet:
            return
        name = getattr(score, "novel", None) or getattr(score, "work", None) or getattr(score, "document", "?")
        status = f"failed: {score.failure}" if score.failure else f"{score.seconds:.1f}s"
        err.print(f"[dim]{label} {done[0]}/{total}: {name} ({status})[/]", highlight=False)

    return report


def run_pdnc(root: Path, novels: str | None = None, jobs: int = 1, quiet: bool = False, setting: str = "e2e"):
    from ficlens.evaluation.pdnc import evaluate_novel
    from ficlens.evaluation.runner import run_all

    dirs = select_novels(root, novels)
    # Largest first, so the pool is not left waiting on one big novel at the end.
    order = sorted(dirs, key=lambda p: -(p / "novel_text.txt").stat().st_size) if jobs > 1 else dirs
    scores = run_all(evaluate_novel, [(p, setting) for p in order], jobs=jobs,
                     on_done=_progress(f"pdnc {setting}", len(dirs), quiet))  # fmt: skip
    return sorted(scores, key=lambda s: [p.name for p in dirs].index(s.novel))


def parse_settings(settings: str, cast: str | None) -> list[str]:
    from ficlens.evaluation.pdnc import SETTINGS

    if cast is not None:
        if cast != "gold":
            _fail(f"--cast {cast!r}: only 'gold' (the gold character list as an exclusive roster) is known")
        return ["gold"]
    chosen = [s.strip() for s in settings.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SETTINGS]
    if unknown or not chosen:
        _fail(f"--settings {settings!r}: choose from {', '.join(SETTINGS)} (comma-separated)")
    return list(dict.fromkeys(chosen))


@app.command("pdnc")
def pdnc_command(
    directory: Annotated[Path, typer.Argument(help="PDNC folder (with novels/<Novel>/...), or its novels/ folder.")],
    novels: NovelsOption = None,
    json_output: JsonOption = False,
    jobs: JobsOption = 1,
    errors: ErrorsOption = 0,
    settings: Annotated[
        str,
        typer.Option(
            "--settings",
            help="Comma-separated: e2e (end to end) and/or gold (the gold character list given as an exclusive "
            "roster, as to published systems given the characters); several print their totals side by side.",
        ),
    ] = "e2e",
    cast: Annotated[str | None, typer.Option("--cast", help="'gold': the same as --settings gold.")] = None,
) -> None:
    """Score ficlens on the Project Dialogism Novel Corpus: quotations, speakers, addressees, cast."""
    from ficlens.evaluation import pdnc
    from ficlens.evaluation.report import pdnc_settings_table, pdnc_tables
    from ficlens.evaluation.runner import sample

    chosen = parse_settings(settings, cast)
    by_setting = {setting: run_pdnc(directory, novels, jobs, quiet=False, setting=setting) for setting in chosen}
    if json_output:
        payloads = {}
        for setting, scores in by_setting.items():
            payloads[setting] = {
                "corpus": "pdnc",
                "setting": setting,
                "novels": [_with_sample(s, errors) for s in scores],
                "total": pdnc.total(scores).to_dict(),
                "published": {"booknlp_end_to_end": pdnc.BOOKNLP_E2E, "spanbert_gold_quotes": pdnc.SPANBERT_GOLD_QUOTES,
                              "characters_given": pdnc.GIVEN_CHARACTERS},
            }  # fmt: skip
        _print_settings("pdnc", payloads)
    else:
        for scores in by_setting.values():
            for table in pdnc_tables(scores):
                out.print(table)
            for score in scores:
                picked = sample(score.errors, errors)
                if picked:
                    out.print(_pdnc_error_table(score.novel, picked, len(score.errors)))
        if len(chosen) > 1 or chosen == ["gold"]:
            out.print(pdnc_settings_table(by_setting))
    if any(s.failure for scores in by_setting.values() for s in scores):
        raise typer.Exit(1)


def _print_settings(corpus: str, payloads: dict[str, dict]) -> None:
    """One setting's payload as it is; several under `settings`, by name."""
    payload = next(iter(payloads.values())) if len(payloads) == 1 else {"corpus": corpus, "settings": payloads}
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _with_sample(score, errors: int) -> dict:
    from ficlens.evaluation.runner import sample

    data = score.to_dict()
    data["errors"] = [e if isinstance(e, dict) else e.__dict__ for e in sample(score.errors, errors)]
    return data


def _pdnc_error_table(novel: str, errors: list, total: int) -> Table:
    table = Table(title=f"{novel}: {len(errors)} of {total} wrong speakers (found quotations)", show_lines=True)
    for column in ("quote", "type", "gold", "predicted (-> gold)", "evidence", "referring expr."):
        table.add_column(column)
    for e in errors:
        text = " ".join(e.text.split())
        predicted = e.predicted or "-"
        if e.predicted and e.predicted_gold != e.predicted:
            predicted += f" -> {e.predicted_gold or 'no gold match'}"
        table.add_row(
            text[:140] + ("..." if len(text) > 140 else ""),
            e.quote_type,
            e.gold,
            " ".join(predicted.split()),
            f"{e.evidence} ({e.confidence:.2f})",
            "" if e.referring == "nan" else e.referring,
        )
    return table


def run_litbank(root: Path, jobs: int = 1, quiet: bool = False, smart_quotes: bool = False):
    from ficlens.evaluation.litbank import document_names, evaluate_document
    from ficlens.evaluation.runner import run_all

    if not (root / "entities" / "brat").is_dir():
        _fail(f"{root}: not a LitBank folder (no entities/brat/)")
    names = document_names(root)
    return run_all(evaluate_document, [(root, n, smart_quotes) for n in names], jobs=jobs,
                   on_done=_progress("litbank", len(names), quiet))  # fmt: skip


@app.command("litbank")
def litbank_command(
    directory: Annotated[Path, typer.Argument(help="LitBank folder (with entities/, coref/, quotations/).")],
    json_output: JsonOption = False,
    jobs: JobsOption = 1,
    errors: ErrorsOption = 0,
    smart_quotes: Annotated[
        bool,
        typer.Option(
            "--smart-quotes",
            help="Turn the tokenised text's straight quote tokens into curly ones (alternating open/close, "
            "offsets unchanged) before the analysis.",
        ),
    ] = False,
) -> None:
    """Score ficlens on LitBank: PER mentions (exact and overlap) and quotation speakers."""
    from ficlens.evaluation import litbank
    from ficlens.evaluation.report import litbank_tables

    scores = run_litbank(directory, jobs, quiet=json_output, smart_quotes=smart_quotes)
    if json_output:
        payload = {
            "corpus": "litbank",
            "documents": [_with_sample(s, errors) for s in scores],
            "total": litbank.total(scores).to_dict(),
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        for table in litbank_tables(scores):
            out.print(table)
        if errors:
            from ficlens.evaluation.runner import sample

            pooled = [e for s in scores for e in s.errors]
            table = Table(title=f"LitBank: {min(errors, len(pooled))} of {len(pooled)} wrong speakers", show_lines=True)
            for column in ("quote", "gold", "predicted", "mapped to", "evidence"):
                table.add_column(column)
            for e in sample(pooled, errors):
                table.add_row(e["text"][:140], e["gold"] or "-", e["predicted"] or "-",
                              e["predicted_entity"] or "-", e["evidence"])  # fmt: skip
            out.print(table)
    if any(s.failure for s in scores):
        failed = [s.document for s in scores if s.failure]
        err.print(f"[yellow]ficlens: warning:[/] {len(failed)} documents failed: {', '.join(failed[:5])}")
        raise typer.Exit(1)


def run_fanfic(root: Path, jobs: int = 1, quiet: bool = False, setting: str = "e2e"):
    from ficlens.evaluation.fanfic import evaluate_work, work_files
    from ficlens.evaluation.runner import run_all

    if not root.is_dir():
        _fail(f"{root}: not a directory")
    pairs = work_files(root)
    if not pairs:
        _fail(f"{root}: no works with a <name>.gold.json beside them")
    return run_all(evaluate_work, [(*pair, setting) for pair in pairs], jobs=jobs,
                   on_done=_progress(f"fanfic {setting}", len(pairs), quiet))  # fmt: skip


@app.command("fanfic")
def fanfic_command(
    directory: Annotated[Path, typer.Argument(help="Folder of works, each with a <name>.gold.json beside it.")],
    json_output: JsonOption = False,
    jobs: JobsOption = 1,
    errors: ErrorsOption = 0,
    settings: Annotated[
        str,
        typer.Option("--settings", help="Comma-separated: e2e (end to end) and/or gold (the gold cast given as an "
                     "exclusive roster: how far a perfect cast takes the rest)."),
    ] = "e2e",
) -> None:
    """Score ficlens on hand-annotated fan fiction: utterances, speakers, addressees, segments, cast."""
    from ficlens.evaluation import fanfic
    from ficlens.evaluation.report import fanfic_tables
    from ficlens.evaluation.runner import sample

    chosen = parse_settings(settings, None)
    by_setting = {setting: run_fanfic(directory, jobs, quiet=json_output, setting=setting) for setting in chosen}
    if json_output:
        payloads = {
            setting: {
                "corpus": "fanfic",
                "setting": setting,
                "works": [_with_sample(s, errors) for s in scores],
                "total": fanfic.total(scores).to_dict(),
            }
            for setting, scores in by_setting.items()
        }
        _print_settings("fanfic", payloads)
    else:
        for scores in by_setting.values():
            for table in fanfic_tables(scores):
                out.print(table)
            for score in scores:
                picked = sample(score.errors, errors)
                if picked:
                    out.print(_fanfic_error_table(score.work, picked, len(score.errors)))
    if any(s.failure for scores in by_setting.values() for s in scores):
        raise typer.Exit(1)


def _fanfic_error_table(work: str, errors: list, total: int) -> Table:
    table = Table(title=f"{work}: {len(errors)} of {total} wrong speakers", show_lines=True)
    for column in ("snippet", "error", "gold", "predicted (-> gold)", "evidence", "predicted utterance"):
        table.add_column(column)
    for e in errors:
        predicted = e.predicted or "-"
        if e.predicted:
            predicted += f" -> {e.predicted_gold or 'no single gold match'}"
        utterance = " ".join((e.utterance or "-").split())
        table.add_row(e.text, e.kind, e.gold, predicted, e.evidence,
                      utterance[:100] + ("..." if len(utterance) > 100 else ""))  # fmt: skip
    return table


def run_protagonist(root: Path, novels: str | None = None, jobs: int = 1, quiet: bool = False):
    from ficlens.evaluation.protagonist import evaluate_protagonist
    from ficlens.evaluation.protagonist import novels as protagonist_novels
    from ficlens.evaluation.runner import run_all

    available = protagonist_novels(root)
    wanted = {n.strip().casefold() for n in (novels or "").split(",") if n.strip()}
    chosen = [n for n in available if not wanted or n.name.casefold() in wanted]
    return run_all(evaluate_protagonist, [(n,) for n in chosen], jobs=jobs,
                   on_done=_progress("protagonist_tagger", len(chosen), quiet))  # fmt: skip


def corpus_kind(root: Path) -> str | None:
    """Which annotated corpus a folder holds: fanfic, pdnc or protagonist_tagger."""
    from ficlens.evaluation.fanfic import work_files
    from ficlens.evaluation.pdnc import novel_dirs
    from ficlens.evaluation.protagonist import novels as protagonist_novels

    if not root.is_dir():
        return None
    if work_files(root):
        return "fanfic"
    if (root / "novels").is_dir() or any((p / "quotation_info.csv").is_file() for p in root.iterdir()):
        return "pdnc" if novel_dirs(root) else None
    return "protagonist_tagger" if protagonist_novels(root) else None


@app.command("cast")
def cast_command(
    directories: Annotated[
        list[Path],
        typer.Argument(help="Annotated folders: fan fiction (<name>.gold.json), PDNC, protagonist_tagger."),
    ],
    novels: Annotated[
        str | None, typer.Option("--novels", help="Comma-separated PDNC / protagonist_tagger novels (default: all).")
    ] = None,
    json_output: JsonOption = False,
    jobs: JobsOption = 1,
    details: Annotated[
        bool, typer.Option("--details", help="List each work's split, merged and missing characters and its junk.")
    ] = False,
) -> None:
    """Score the cast alone: per gold character found once / split / merged / missing, and junk."""
    from ficlens.evaluation.report import cast_details_table, cast_table

    results: list[tuple[str, str, object]] = []
    for directory in directories:
        kind = corpus_kind(directory)
        if kind is None:
            _fail(f"{directory}: not a fan-fiction folder (<name>.gold.json), a PDNC or a protagonist_tagger checkout")
        if kind == "fanfic":
            scores = run_fanfic(directory, jobs, quiet=json_output)
        elif kind == "pdnc":
            scores = run_pdnc(directory, novels, jobs, quiet=json_output)
        else:
            scores = run_protagonist(directory, novels, jobs, quiet=json_output)
        results += [(kind, getattr(s, "work", None) or s.novel, s) for s in scores]
    if json_output:
        payload = [
            {"corpus": kind, "work": name, "failure": s.failure, "cast": asdict(s.cast), "metrics": s.cast.metrics()}
            for kind, name, s in results
        ]
        sys.stdout.write(json.dumps({"cast": payload}, indent=2) + "\n")
    else:
        out.print(cast_table(results))
        if details:
            out.print(cast_details_table(results))
    if any(s.failure for _, _, s in results):
        raise typer.Exit(1)
