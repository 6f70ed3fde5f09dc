"""The store's tables: Arrow schemas, and the rows of one story model (or one failed work).

Every table carries `sha256` (the content hash of the work's bytes: the key joining the tables) and `batch`
(the id of the Parquet file the row was written in). Documented column by column in docs/corpus.md.
"""

from __future__ import annotations

import pyarrow as pa

from ficlens.model import (
    Character,
    Event,
    Group,
    Interaction,
    Membership,
    Phase,
    Relationship,
    StoryModel,
    Utterance,
)

_strings = pa.list_(pa.string())

WORKS = pa.schema(
    [
        ("sha256", pa.string()),
        ("path", pa.string()),
        ("name", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("encoding", pa.string()),
        ("source_format", pa.string()),
        ("title", pa.string()),
        ("fandom", pa.string()),
        ("words", pa.int64()),
        ("utterances", pa.int32()),
        ("characters", pa.int32()),
        ("segments", pa.int32()),
        ("interactions", pa.int32()),
        ("seconds", pa.float64()),
        ("authors", _strings),
        ("fandoms", _strings),
        ("rating", pa.string()),
        ("archive_warnings", _strings),
        ("categories", _strings),
        ("relationships", _strings),
        ("character_tags", _strings),
        ("tags", _strings),
        ("language", pa.string()),
        ("series", _strings),
        ("published", pa.string()),
        ("updated", pa.string()),
        ("declared_words", pa.int64()),
        ("chapters", pa.string()),
        ("summary", pa.string()),
        ("source_url", pa.string()),
        ("analysis_warnings", _strings),
        ("ficlens_version", pa.string()),
        ("schema_version", pa.string()),
        ("batch", pa.string()),
    ]
)

CHARACTERS = pa.schema(
    [
        ("sha256", pa.string()),
        ("id", pa.string()),
        ("name", pa.string()),
        ("aliases", _strings),
        ("gender", pa.string()),
        ("kind", pa.string()),
        ("lines", pa.int32()),
        ("mentions", pa.int32()),
        ("first_mention", pa.int64()),
        ("batch", pa.string()),
    ]
)

UTTERANCES = pa.schema(
    [
        ("sha256", pa.string()),
        ("id", pa.string()),
        ("kind", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("speaker", pa.string()),
        ("speaker_name", pa.string()),
        ("addressees", _strings),
        ("addressee_names", _strings),
        ("confidence", pa.float32()),
        ("evidence", pa.string()),
        ("addressee_evidence", pa.string()),
        ("batch", pa.string()),
    ]
)

SEGMENTS = pa.schema(
    [
        ("sha256", pa.string()),
        ("ordinal", pa.int32()),
        ("kind", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("title", pa.string()),
        ("batch", pa.string()),
    ]
)

INTERACTIONS = pa.schema(
    [
        ("sha256", pa.string()),
        ("speaker", pa.string()),
        ("speaker_name", pa.string()),
        ("addressee", pa.string()),
        ("addressee_name", pa.string()),
        ("chapter", pa.int32()),
        ("lines", pa.int32()),
        ("words", pa.int32()),
        ("batch", pa.string()),
    ]
)

_spans = pa.list_(pa.list_(pa.int64()))

GROUPS = pa.schema(
    [
        ("sha256", pa.string()),
        ("id", pa.string()),
        ("name", pa.string()),
        ("aliases", _strings),
        ("kind", pa.string()),
        ("mentions", pa.int32()),
        ("first_mention", pa.int64()),
        ("batch", pa.string()),
    ]
)

MEMBERSHIPS = pa.schema(
    [
        ("sha256", pa.string()),
        ("character", pa.string()),
        ("character_name", pa.string()),
        ("group", pa.string()),
        ("group_name", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("evidence", _spans),
        ("confidence", pa.float32()),
        ("batch", pa.string()),
    ]
)

EVENTS = pa.schema(
    [
        ("sha256", pa.string()),
        ("kind", pa.string()),
        ("character", pa.string()),
        ("character_name", pa.string()),
        ("group", pa.string()),
        ("group_name", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("confidence", pa.float32()),
        ("batch", pa.string()),
    ]
)

RELATIONSHIPS = pa.schema(
    [
        ("sha256", pa.string()),
        ("a", pa.string()),
        ("a_name", pa.string()),
        ("b", pa.string()),
        ("b_name", pa.string()),
        ("kind", pa.string()),
        ("phase", pa.int32()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("polarity", pa.string()),
        ("evidence", _spans),
        ("batch", pa.string()),
    ]
)

ERRORS = pa.schema(
    [
        ("sha256", pa.string()),
        ("path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("error_type", pa.string()),
        ("error", pa.string()),
        ("ficlens_version", pa.string()),
        ("batch", pa.string()),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "works": WORKS,
    "characters": CHARACTERS,
    "utterances": UTTERANCES,
    "segments": SEGMENTS,
    "interactions": INTERACTIONS,
    "groups": GROUPS,
    "memberships": MEMBERSHIPS,
    "events": EVENTS,
    "relationships": RELATIONSHIPS,
    "errors": ERRORS,
}
TABLES = tuple(SCHEMAS)
"""Table names; `works` is written last for a batch and so marks the batch as committed."""


def model_rows(model: StoryModel, path: str, size: int, mtime_ns: int | None) -> dict[str, list[dict]]:
    """The rows one analysed work adds to each table (without `batch`, which the writer sets)."""
    key = model.source.sha256
    names = {c.id: c.name for c in model.characters}
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["works"].append(_work_row(model, path, size, mtime_ns))
    rows["characters"].extend(_character_row(key, c) for c in model.characters)
    rows["utterances"].extend(_utterance_row(key, u, names) for u in model.utterances)
    for number, s in enumerate(model.segments):
        rows["segments"].append(
            {"sha256": key, "ordinal": number, "kind": s.kind, "start": s.start, "end": s.end, "title": s.title}
        )
    rows["interactions"].extend(_interaction_row(key, i, names) for i in model.interactions)
    _relation_rows(model, names, rows)
    return rows


def _work_row(model: StoryModel, path: str, size: int, mtime_ns: int | None) -> dict:
    key = model.source.sha256
    work = model.work
    return {
        "sha256": key,
        "path": path,
        "name": model.source.name,
        "size": size,
        "mtime_ns": mtime_ns,
        "encoding": model.source.encoding,
        "source_format": work.source_format,
        "title": work.title,
        "fandom": model.fandom,
        "words": model.stats.words,
        "utterances": model.stats.utterances,
        "characters": model.stats.characters,
        "segments": len(model.segments),
        "interactions": len(model.interactions),
        "seconds": model.stats.seconds,
        "authors": work.authors,
        "fandoms": work.fandoms,
        "rating": work.rating,
        "archive_warnings": work.warnings,
        "categories": work.categories,
        "relationships": work.relationships,
        "character_tags": work.characters,
        "tags": work.tags,
        "language": work.language,
        "series": work.series,
        "published": work.published,
        "updated": work.updated,
        "declared_words": work.words,
        "chapters": work.chapters,
        "summary": work.summary,
        "source_url": work.source_url,
        "analysis_warnings": model.warnings,
        "ficlens_version": model.ficlens_version,
        "schema_version": model.schema_version,
    }


def _character_row(key: str, c: Character) -> dict:
    return {**_named_row(key, c), "gender": c.gender, "lines": c.lines}


def _named_row(key: str, named: Character | Group) -> dict:
    """The columns characters and groups share: names, kind and mentions."""
    return {
        "sha256": key,
        "id": named.id,
        "name": named.name,
        "aliases": named.aliases,
        "kind": named.kind,
        "mentions": len(named.mentions),
        "first_mention": min((s for s, _ in named.mentions), default=None),
    }


def _utterance_row(key: str, u: Utterance, names: dict[str, str]) -> dict:
    return {
        "sha256": key,
        "id": u.id,
        "kind": u.kind,
        "start": u.start,
        "end": u.end,
        "text": u.text,
        "speaker": u.speaker,
        "speaker_name": names.get(u.speaker) if u.speaker else None,
        "addressees": u.addressees,
        "addressee_names": [names.get(a, a) for a in u.addressees],
        "confidence": u.confidence,
        "evidence": u.evidence,
        "addressee_evidence": u.addressee_evidence,
    }


def _interaction_row(key: str, i: Interaction, names: dict[str, str]) -> dict:
    return {
        "sha256": key,
        "speaker": i.speaker,
        "speaker_name": names.get(i.speaker),
        "addressee": i.addressee,
        "addressee_name": names.get(i.addressee),
        "chapter": i.chapter,
        "lines": i.lines,
        "words": i.words,
    }


def _relation_rows(model: StoryModel, names: dict[str, str], rows: dict[str, list[dict]]) -> None:
    """One row per group, membership, event and relationship phase (a relationship's phases are numbered)."""
    key = model.source.sha256
    groups = {g.id: g.name for g in model.groups}
    rows["groups"].extend(_named_row(key, g) for g in model.groups)
    rows["memberships"].extend(_membership_row(key, m, names, groups) for m in model.memberships)
    rows["events"].extend(_event_row(key, e, names, groups) for e in model.events)
    for r in model.relationships:
        rows["relationships"].extend(_phase_row(key, r, number, phase, names) for number, phase in enumerate(r.phases))


def _membership_row(key: str, m: Membership, names: dict[str, str], groups: dict[str, str]) -> dict:
    return {
        "sha256": key,
        "character": m.character,
        "character_name": names.get(m.character),
        "group": m.group,
        "group_name": groups.get(m.group),
        "start": m.start,
        "end": m.end,
        "evidence": [list(span) for span in m.evidence],
        "confidence": m.confidence,
    }


def _event_row(key: str, e: Event, names: dict[str, str], groups: dict[str, str]) -> dict:
    return {
        "sha256": key,
        "kind": e.kind,
        "character": e.character,
        "character_name": names.get(e.character),
        "group": e.group,
        "group_name": groups.get(e.group),
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "confidence": e.confidence,
    }


def _phase_row(key: str, r: Relationship, number: int, phase: Phase, names: dict[str, str]) -> dict:
    return {
        "sha256": key,
        "a": r.a,
        "a_name": names.get(r.a),
        "b": r.b,
        "b_name": names.get(r.b),
        "kind": r.kind,
        "phase": number,
        "start": phase.start,
        "end": phase.end,
        "polarity": phase.polarity,
        "evidence": [list(span) for span in phase.evidence],
    }


def error_row(
    sha256: str | None, path: str, size: int | None, mtime_ns: int | None, error_type: str, message: str
) -> dict:
    from ficlens import __version__

    return {
        "sha256": sha256,
        "path": path,
        "size": size,
        "mtime_ns": mtime_ns,
        "error_type": error_type,
        "error": " ".join(str(message).split()) or error_type,
        "ficlens_version": __version__,
    }


def to_table(name: str, rows: list[dict], batch: str | None = None) -> pa.Table:
    schema = SCHEMAS[name]
    if batch is not None:
        rows = [{**row, "batch": batch} for row in rows]
    return pa.Table.from_pylist(rows, schema=schema)
