"""The story model itself: JSON, the HTML report, and the corpus tables (one Parquet file per table)."""

from __future__ import annotations

from pathlib import Path

from ficlens.export.base import Exporter, register
from ficlens.export.options import ExportOptions
from ficlens.export.rows import parquet_bytes
from ficlens.model import StoryModel


@register
class Json(Exporter):
    name = "json"
    suffix = ".json"
    description = "the story model (the JSON `ficlens analyze` writes, valid against the schema)"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        return {out: model.model_dump_json(indent=2) + "\n"}


@register
class Html(Exporter):
    name = "html"
    suffix = ".html"
    description = "the self-contained HTML report"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        from ficlens.report import render_html

        return {out: render_html(model)}


@register
class Tables(Exporter):
    name = "tables"
    suffix = ".tables"
    description = "the corpus tables of one work (works, characters, utterances, ...) as Parquet files in a folder"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        from ficlens.corpus.tables import model_rows, to_table

        rows = model_rows(model, path=model.source.name or "", size=model.source.bytes, mtime_ns=None)
        return {out / f"{name}.parquet": parquet_bytes(to_table(name, table_rows)) for name, table_rows in rows.items() if name != "errors"}
