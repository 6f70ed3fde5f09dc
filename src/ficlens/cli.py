"""The `ficlens` command."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ficlens.version import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read a story and write its story model.")
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]ficlens: error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """ficlens: the cast, who says what to whom, scenes and flashbacks of a story."""


class Notes(StrEnum):
    keep = "keep"
    strip = "strip"


def read_input(path: Path) -> bytes:
    from ficlens.ingest.document import MAX_BYTES

    if not path.exists():
        fail(f"{path}: no such file")
    if path.is_dir():
        fail(f"{path}: is a directory, not a story file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            fail(f"{path}: the file is too large ({size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
        return path.read_bytes()
    except OSError as error:
        fail(f"{path}: cannot read it ({error.strerror or error})")
    raise AssertionError("unreachable")


@app.command()
def analyze(
    story: Annotated[Path, typer.Argument(help="The story: plain text, AO3/FanFicFare HTML or EPUB, ...")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the story model (JSON) here.")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    fandom: Annotated[
        str | None, typer.Option(help="Fandom knowledge pack (e.g. 'naruto'); detected from the text if omitted.")
    ] = None,
    notes: Annotated[Notes, typer.Option(help="Keep author's notes in the text, or strip them.")] = Notes.keep,
    cast: Annotated[
        Path | None,
        typer.Option("--cast", help="A roster (TOML or YAML): names, aliases, genders, merges, not-characters."),
    ] = None,
) -> None:
    """Analyse STORY; print its story model as JSON unless --json or --html is given."""
    from ficlens.atomic import write_atomic
    from ficlens.errors import InputError, UnknownFandom
    from ficlens.pipeline import analyze_bytes
    from ficlens.roster import load_roster

    try:
        roster = load_roster(cast) if cast is not None else None
    except InputError as error:
        fail(str(error))
    data = read_input(story)
    try:
        with _progress(len(data)) as progress:
            model = analyze_bytes(
                data, name=story.name, fandom=fandom, notes=notes.value, progress=progress, roster=roster
            )
    except (InputError, UnknownFandom) as error:
        fail(f"{story}: {error}")
    except MemoryError:
        fail(f"{story}: not enough memory to analyse this file")
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        fail(f"{story}: internal error ({type(error).__name__}: {error}); please report it with the file", code=1)
    for warning in model.warnings:
        err.print(f"[yellow]ficlens: warning:[/] {story}: {warning}", highlight=False)
    payload = model.model_dump_json(indent=2)
    if json_out is None and html_out is None:
        sys.stdout.write(payload + "\n")
        return
    if json_out is not None:
        write_atomic(json_out, payload + "\n")
    if html_out is not None:
        from ficlens.report import render_html

        write_atomic(html_out, render_html(model))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the story model."""
    import json

    from ficlens.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


@app.command()
def serve(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="A `ficlens corpus` store (the library view) and/or story files to analyse at start."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (keep 127.0.0.1 unless you mean to share).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    cast: Annotated[
        Path | None, typer.Option("--cast", help="Roster file: applied to every analysis; cast corrections save here.")
    ] = None,
    max_upload_mb: Annotated[int, typer.Option(min=1, max=200, help="Largest upload, in MiB.")] = 50,
) -> None:
    """Start the web app: upload or paste a story, explore its cast, reader, graph and timeline, fix the cast."""
    from ficlens.ingest import InputError
    from ficlens.roster import TOML_SUFFIXES, YAML_SUFFIXES, load_roster
    from ficlens.serve import ServeConfig, run

    config = ServeConfig(cast_path=cast, max_upload=max_upload_mb * 2**20)
    if cast is not None and cast.suffix.lower() not in TOML_SUFFIXES | YAML_SUFFIXES:
        fail(f"{cast}: a roster is a .toml, .yaml or .yml file")
    if cast is not None and cast.exists():
        try:
            config.roster = load_roster(cast)
        except InputError as error:
            fail(str(error))
    for path in paths or []:
        if path.is_dir():
            if not (path / "works").is_dir():
                fail(f"{path}: not a ficlens corpus store (no works/ folder)")
            if config.store is not None:
                fail(f"{path}: give one corpus store at most")
            config.store = path
        else:
            read_input(path)
            config.files.append(path)
    run(config, host, port)


def _progress(size: int):
    """A progress bar on stderr for long inputs, silent when stderr is not a terminal."""
    from contextlib import nullcontext

    if size < 200_000 or not sys.stderr.isatty():
        return nullcontext(None)
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar():
        with Progress(console=err, transient=True) as rich_progress:
            task = rich_progress.add_task("analysing", total=1.0)

            def update(step: str, fraction: float) -> None:
                rich_progress.update(task, description=step, completed=fraction)

            yield update

    return bar()


def _register_subcommands() -> None:
    from ficlens.corpus.cli import app as corpus_app
    from ficlens.evaluation.cli import app as eval_app

    app.add_typer(eval_app, name="eval", help="Score ficlens against annotated corpora (PDNC, LitBank, fan fiction).")
    app.add_typer(corpus_app, name="corpus", help="Analyse whole archives into Parquet tables.")


_register_subcommands()
