"""The `ficlens` command."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console
from rich.markup import escape

from ficlens.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, MaxMemoryOption, TimeoutOption
from ficlens.version import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Read a story and write its story model.")
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]ficlens: error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
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


STDIN = "-"
"""The STORY argument that means standard input."""


def read_limited(handle: BinaryIO, what: str) -> bytes:
    """At most MAX_BYTES from a file, pipe or device (`/dev/zero` never ends, and its size says 0)."""
    from ficlens.ingest.document import MAX_BYTES

    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        fail(f"{what}: the input is too large (over {MAX_BYTES // 2**20} MiB, the limit)")
    return data


def read_input(path: Path) -> bytes:
    from ficlens.corpus.discover import shown
    from ficlens.ingest.document import MAX_BYTES

    if str(path) == STDIN:
        return read_limited(sys.stdin.buffer, "standard input")
    name = shown(path)
    if not path.exists():
        fail(f"{name}: no such file")
    if path.is_dir():
        fail(f"{name}: is a directory, not a story file")
    try:
        size = path.stat().st_size
        if path.is_file() and size > MAX_BYTES:  # refused before reading a byte
            fail(f"{name}: the file is too large ({size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
        with path.open("rb") as handle:
            return read_limited(handle, name)
    except OSError as error:
        fail(f"{name}: cannot read it ({error.strerror or error})")
    raise AssertionError("unreachable")


def check_output(out: Path, story: Path, option: str) -> None:
    """Refuse, before any analysis, an output that cannot be written or that is the input itself."""
    from ficlens.corpus.discover import shown

    name = shown(out)
    if str(story) != STDIN and out.exists() and story.exists() and os.path.samefile(out, story):
        fail(f"{option} {name}: this is the input file; refusing to overwrite it")
    if out.is_dir():
        fail(f"{option} {name}: is a directory")
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent  # write_atomic creates the missing folders under the nearest existing one
    if not parent.is_dir():
        fail(f"{option} {name}: {shown(parent)} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        fail(f"{option} {name}: cannot write here (permission denied)")


@app.command()
def analyze(
    story: Annotated[
        Path, typer.Argument(help="The story: plain text, AO3/FanFicFare HTML or EPUB, ...; '-' reads standard input.")
    ],
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
    timeout: TimeoutOption = DEFAULT_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_MB,
) -> None:
    """Analyse STORY; print its story model as JSON unless --json or --html is given."""
    from ficlens.atomic import write_atomic
    from ficlens.errors import InputError
    from ficlens.roster import load_roster

    try:
        roster = load_roster(cast) if cast is not None else None
    except InputError as error:
        fail(str(error))
    for out, option in ((json_out, "--json"), (html_out, "--html")):
        if out is not None:
            check_output(out, story, option)
    model = analyse_file(
        story, read_input(story), fandom=fandom, notes=notes.value, roster=roster, timeout=timeout,
        max_memory=max_memory,
    )
    payload = model.model_dump_json(indent=2)
    if json_out is None and html_out is None:
        sys.stdout.write(payload + "\n")
        return
    try:
        if json_out is not None:
            write_atomic(json_out, payload + "\n")
        if html_out is not None:
            from ficlens.report import render_html

            write_atomic(html_out, render_html(model))
    except OSError as error:
        fail(f"cannot write the output: {error.strerror or error}")


def analyse_file(
    story: Path,
    data: bytes,
    fandom: str | None,
    notes: str = "keep",
    roster=None,
    timeout: float = DEFAULT_SECONDS,
    max_memory: int = DEFAULT_MEMORY_MB,
):
    """The story model of a file's bytes, or a one-line error (exit 2 for bad input, 1 for a bug); the analysis
    runs under the per-work time and memory limits."""
    from ficlens.corpus.discover import shown
    from ficlens.errors import InputError, UnknownFandom
    from ficlens.limits import LimitExceeded, run_limited
    from ficlens.pipeline import analyze_bytes

    stdin = str(story) == STDIN
    name = "<stdin>" if stdin else shown(story)
    try:
        with _progress(len(data)) as progress:
            model = run_limited(
                analyze_bytes, data, name=None if stdin else shown(story.name), fandom=fandom,
                notes=notes, progress=progress, roster=roster, seconds=timeout, memory_mb=max_memory,
            )
    except (InputError, UnknownFandom, LimitExceeded) as error:
        fail(f"{name}: {error}")
    except MemoryError:
        fail(f"{name}: not enough memory to analyse this file")
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        fail(f"{name}: internal error ({type(error).__name__}: {error}); please report it with the file", code=1)
    for warning in model.warnings:
        err.print(f"[yellow]ficlens: warning:[/] {escape(name)}: {escape(warning)}", highlight=False, markup=True)
    return model


@app.command()
def schema() -> None:
    """Print the JSON Schema of the story model."""
    import json

    from ficlens.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


def _list_formats(value: bool) -> None:
    if value:
        from ficlens.export import EXPORTERS

        for name, exporter in sorted(EXPORTERS.items()):
            typer.echo(f"{name:<11} {exporter.suffix:<12} {exporter.description}")
        raise typer.Exit()


Choice = Annotated[str, typer.Option(help="keep, skip or mark (read in a voice of its own).")]


@app.command("export")
def export_story(
    source: Annotated[Path, typer.Argument(help="A story file, or a story model JSON written by `ficlens analyze`.")],
    to: Annotated[str, typer.Option("--to", help="The format; `--formats` lists them.")] = "",
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Main output file; default: SOURCE with the format's suffix.")
    ] = None,
    thoughts: Choice = "keep",
    telepathy: Choice = "keep",
    notes: Annotated[str, typer.Option(help="Author's notes: keep, skip or mark.")] = "keep",
    voices: Annotated[
        Path | None, typer.Option(help="Voice map (JSON: voice name -> engine voice), e.g. an edited .voices.json.")
    ] = None,
    narrator: Annotated[str, typer.Option(help="The narrator's voice name.")] = "Narrator",
    fandom: Annotated[str | None, typer.Option(help="Fandom knowledge pack, when SOURCE is a story.")] = None,
    cast: Annotated[
        Path | None, typer.Option("--cast", help="A roster (TOML or YAML) for the analysis, when SOURCE is a story.")
    ] = None,
    formats: Annotated[
        bool, typer.Option("--formats", callback=_list_formats, is_eager=True, help="List the formats and exit.")
    ] = False,
) -> None:
    """Export a story's lines, cast or graphs for audiobook tools, spreadsheets, notebooks and Gephi."""
    from ficlens.errors import InputError
    from ficlens.export import ExportError, ExportOptions, export, exporter, load_model, looks_like_model
    from ficlens.export.cast import read_voice_map
    from ficlens.roster import load_roster

    if not to:
        fail("give a format with --to (`ficlens export --formats` lists them)")
    try:
        chosen = exporter(to)
        options = ExportOptions(
            thoughts=thoughts,  # type: ignore[arg-type]
            telepathy=telepathy,  # type: ignore[arg-type]
            notes=notes,  # type: ignore[arg-type]
            narrator=narrator,
            voices=read_voice_map(voices) if voices else {},
        )
        roster = load_roster(cast) if cast is not None else None
    except (ExportError, InputError) as error:
        fail(str(error))
    data = read_input(source)
    target = out or source.with_name(source.stem + chosen.suffix)
    if target.resolve() == source.resolve():
        fail(f"{target}: the output would overwrite the input; give another -o")
    try:
        is_model = source.suffix.lower() == ".json" or looks_like_model(data)
        model = load_model(source, data) if is_model else analyse_file(source, data, fandom=fandom, roster=roster)
        result = export(model, to, target, options)
    except ExportError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.filename or target}: cannot write it ({error.strerror or error})")
    for warning in result.warnings:
        err.print(f"[yellow]ficlens: warning:[/] {warning}", highlight=False, soft_wrap=True)
    written = ", ".join(str(path) for path in result.paths)
    summary = f"ficlens: wrote {written}; {result.narrator_fallbacks} lines fell back to the narrator"
    err.print(summary, highlight=False, soft_wrap=True)


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
