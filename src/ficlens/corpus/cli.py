"""`ficlens corpus run | query | stats`: whole archives on Dask, stored as Parquet, queried with DuckDB.

Heavy imports (dask, pyarrow, duckdb) stay inside the commands so that `ficlens analyze` starts fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ficlens.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, MaxMemoryOption, TimeoutOption

if TYPE_CHECKING:
    from ficlens.corpus.runner import Summary

app = typer.Typer(no_args_is_help=True, help="Analyse whole archives into Parquet tables.")
err = Console(stderr=True, highlight=False)

EXIT_OK, EXIT_FAILED_WORKS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    err.print(f"[bold red]ficlens: error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


class Notes(StrEnum):
    keep = "keep"
    strip = "strip"


class Ship(StrEnum):
    auto = "auto"
    paths = "paths"
    bytes = "bytes"


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Story files, folders (recursive) or glob patterns.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The store: a folder of Parquet tables.")],
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes of the local cluster (default: one per core).")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Use a running Dask cluster, e.g. tcp://10.0.0.5:8786, instead.")
    ] = None,
    fandom: Annotated[
        str | None, typer.Option(help="Fandom knowledge pack for every work (default: detected per work).")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Works per task and per Parquet file (at most).")] = 16,
    batch_words: Annotated[
        int, typer.Option(min=1, help="Words of input per task: a batch closes here even before --batch-size.")
    ] = 100_000,
    batch_bytes: Annotated[int | None, typer.Option(hidden=True, help="Replaced by --batch-words.")] = None,
    notes: Annotated[Notes, typer.Option(help="Keep author's notes in the text, or strip them.")] = Notes.keep,
    ship: Annotated[
        Ship,
        typer.Option(help="Send workers file paths (shared filesystem) or bytes; auto asks the workers."),
    ] = Ship.auto,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: TimeoutOption = DEFAULT_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_MB,
) -> None:
    """Analyse every work under INPUTS into the store at --out; a rerun skips works stored already.

    Exit status: 0 every work is stored, 1 some works could not be analysed (see the errors table),
    2 usage error, 130 interrupted (rerun the same command to finish).
    """
    from ficlens.cast.packs import UnknownFandom
    from ficlens.corpus.discover import InputNotFound
    from ficlens.corpus.runner import ClusterError, RunOptions, run_corpus
    from ficlens.corpus.store import StoreError

    if workers is not None and scheduler is not None:
        _fail("--workers sizes the local cluster; it cannot be combined with --scheduler")
    if batch_bytes is not None:
        _fail("--batch-bytes was replaced by --batch-words (words of input per task; 100,000 by default)")
    options = RunOptions(
        inputs=list(inputs),
        store=out,
        workers=workers,
        scheduler=scheduler,
        fandom=fandom,
        notes=notes.value,
        batch_size=batch_size,
        batch_words=batch_words,
        ship=ship.value,
        progress=not quiet,
        timeout=timeout,
        max_memory=max_memory,
    )
    try:
        summary = run_corpus(options, echo=lambda line: err.print(f"ficlens: {line}"))
    except (InputNotFound, StoreError, UnknownFandom, ClusterError) as error:
        _fail(str(error))
    except OSError as error:  # e.g. cannot reach the scheduler, cannot write the store
        _fail(f"{error}")
    except KeyboardInterrupt:
        err.print("ficlens: interrupted; finished batches are stored, rerun the same command to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    _report(summary)


def _report(summary: Summary) -> None:
    """The run's line on stderr, and its exit status."""
    loads = summary.nlp_loads
    if loads and max(loads.values()) > 1:
        err.print(f"[yellow]ficlens: warning:[/] the spaCy pipeline was loaded more than once per worker: {loads}")
    err.print(f"ficlens corpus: {summary.line()}", soft_wrap=True)
    if summary.interrupted:
        err.print("ficlens: interrupted; finished batches are stored, rerun the same command to resume")
        raise typer.Exit(EXIT_INTERRUPTED)
    if not summary.ok:
        raise typer.Exit(EXIT_FAILED_WORKS)


def _print_table(columns: list[str], rows: list[tuple], title: str | None = None, csv: bool = False) -> None:
    if csv:
        import csv as csv_module

        writer = csv_module.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return
    from rich.table import Table

    table = Table(title=title, title_justify="left", highlight=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else f"{v:,}" if isinstance(v, int) else str(v) for v in row))
    Console(highlight=False).print(table)


@app.command()
def query(
    store: Annotated[Path, typer.Argument(help="The store written by `ficlens corpus run`.")],
    sql: Annotated[str, typer.Argument(help="SQL over works, characters, utterances, segments, interactions, groups, memberships, events, relationships, errors.")],
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Run SQL (DuckDB) over the store's tables."""
    import duckdb

    from ficlens.corpus.query import query as run_query
    from ficlens.corpus.store import StoreError

    try:
        columns, rows = run_query(store, sql)
    except StoreError as error:
        _fail(str(error))
    except duckdb.Error as error:
        _fail(" ".join(str(error).split()))
    _print_table(columns, rows, csv=csv)


@app.command()
def stats(
    store: Annotated[Path, typer.Argument(help="The store written by `ficlens corpus run`.")],
    top: Annotated[int, typer.Option(min=1, help="Rows in each top list.")] = 10,
) -> None:
    """Works, words, top characters by lines, frequent speaker-addressee pairs, fandoms, errors."""
    from ficlens.corpus.query import stats as run_stats
    from ficlens.corpus.store import StoreError

    try:
        result = run_stats(store, limit=top)
    except StoreError as error:
        _fail(str(error))
    titles = {
        "totals": "Totals",
        "fandoms": "Fandoms",
        "characters": "Top characters by lines",
        "pairs": "Most frequent speaker -> addressee pairs",
        "errors": "Errors",
    }
    for name, (columns, rows) in result.items():
        if name == "errors" and not rows:
            continue
        _print_table(columns, rows, title=titles[name])
