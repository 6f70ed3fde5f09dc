"""`ficlens export`: a story (analysed first) or a story model JSON, written in any registered format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _list_formats(value: bool) -> None:
    if value:
        from ficlens.export import EXPORTERS

        for name, exporter in sorted(EXPORTERS.items()):
            typer.echo(f"{name:<11} {exporter.suffix:<12} {exporter.description}")
        raise typer.Exit()


Choice = Annotated[str, typer.Option(help="keep, skip or mark (read in a voice of its own).")]


def export_command(
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
    from ficlens.cli import analyse_file, err, fail, read_input
    from ficlens.export import ExportError, ExportOptions, export, exporter, load_model, looks_like_model
    from ficlens.export.cast import read_voice_map
    from ficlens.ingest import InputError
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
