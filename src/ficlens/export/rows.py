"""One row per line: JSON Lines for audiobook-creator (with its cast file), CSV for spreadsheets, Parquet
for notebooks. Rows carry the exact text and offsets, so the story can be rebuilt from them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.export.base import Exporter, companion, register
from ficlens.export.cast import GENDER_LEGEND, cast_entries
from ficlens.export.lines import Line, story_lines
from ficlens.export.options import ExportOptions
from ficlens.model import StoryModel

_strings = pa.list_(pa.string())
LINES = pa.schema(
    [
        ("index", pa.int32()),
        ("speaker", pa.string()),
        ("line", pa.string()),
        ("kind", pa.string()),
        ("speaker_id", pa.string()),
        ("speaker_name", pa.string()),
        ("addressees", _strings),
        ("addressee_names", _strings),
        ("confidence", pa.float32()),
        ("chapter", pa.int32()),
        ("chapter_title", pa.string()),
        ("paragraph", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("utterance", pa.string()),
        ("note", pa.bool_()),
        ("marked", pa.bool_()),
        ("fallback", pa.bool_()),
    ]
)
"""`speaker` is the voice that reads the line (the narrator for narration); `line` its exact text."""


def line_row(line: Line) -> dict:
    return {
        "index": line.index,
        "speaker": line.voice,
        "line": line.text,
        "kind": line.kind,
        "speaker_id": line.speaker,
        "speaker_name": line.speaker_name,
        "addressees": list(line.addressees),
        "addressee_names": list(line.addressee_names),
        "confidence": line.confidence,
        "chapter": line.chapter,
        "chapter_title": line.chapter_title,
        "paragraph": line.paragraph,
        "start": line.start,
        "end": line.end,
        "utterance": line.utterance,
        "note": line.note,
        "marked": line.marked,
        "fallback": line.fallback,
    }


@register
class JsonLines(Exporter):
    name = "jsonl"
    suffix = ".jsonl"
    description = "one JSON object per line ({'speaker', 'line', ...}, audiobook-creator) and a cast file"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        lines = story_lines(model, options)
        body = "".join(json.dumps(line_row(line), ensure_ascii=False) + "\n" for line in lines)
        scores = {entry["voice"].lower(): entry for entry in cast_entries(model, lines, options)}
        cast = json.dumps({"legend": GENDER_LEGEND, "scores": scores}, ensure_ascii=False, indent=2) + "\n"
        return {out: body, companion(out, ".cast.json"): cast}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting so is run as a formula by spreadsheets: such cells get a leading apostrophe (OWASP)."""


def _cell(value):
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@register
class Csv(Exporter):
    name = "csv"
    suffix = ".csv"
    description = "one row per line, for spreadsheets (cells that would run as formulas get a leading ')"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=LINES.names, lineterminator="\r\n")
        writer.writeheader()
        for line in story_lines(model, options):
            writer.writerow({key: _cell(value) for key, value in line_row(line).items()})
        return {out: buffer.getvalue()}


@register
class ParquetLines(Exporter):
    name = "parquet"
    suffix = ".parquet"
    description = "one row per line, for notebooks (pandas, DuckDB, Polars)"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        rows = [line_row(line) for line in story_lines(model, options)]
        return {out: parquet_bytes(pa.Table.from_pylist(rows, schema=LINES))}


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()
