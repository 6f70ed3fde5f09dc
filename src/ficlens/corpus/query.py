"""DuckDB over the store: one view per table (works, characters, utterances, segments, interactions, groups,
memberships, events, relationships, errors)."""

from __future__ import annotations

from pathlib import Path

from ficlens.corpus.store import Store, StoreError
from ficlens.corpus.tables import TABLES


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(root: str | Path):
    """An in-memory DuckDB connection with a view per table over the store's committed Parquet files."""
    import duckdb

    store = Store(root)
    if not store.exists():
        raise StoreError(f"{root}: not a ficlens corpus store (no works/ folder)")
    con = duckdb.connect()
    orphans = {p.parent.name for p in store.orphans()}
    for table in TABLES:
        if table in orphans:  # a crashed run left a partial batch: list the committed files one by one
            files = "[" + ", ".join(_sql_string(str(p)) for p in store.files(table)) + "]"
        else:
            files = _sql_string(str(store.table_dir(table) / "*.parquet"))
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files}, union_by_name = true)")
    return con


def query(root: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    con = connect(root)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    finally:
        con.close()


STATS_QUERIES: dict[str, str] = {
    "totals": """
        SELECT (SELECT count(*) FROM works) AS works,
               (SELECT coalesce(sum(words), 0) FROM works) AS words,
               (SELECT coalesce(sum(utterances), 0) FROM works) AS utterances,
               (SELECT count(*) FROM characters) AS characters,
               (SELECT count(*) FROM errors) AS errors""",
    "fandoms": """
        SELECT coalesce(fandom, '(none detected)') AS fandom, count(*) AS works, sum(words) AS words
        FROM works GROUP BY 1 ORDER BY works DESC, fandom LIMIT {limit}""",
    "characters": """
        SELECT name, sum(lines) AS lines, count(DISTINCT sha256) AS works
        FROM characters WHERE kind <> 'narrator' GROUP BY name HAVING sum(lines) > 0
        ORDER BY lines DESC, name LIMIT {limit}""",
    "pairs": """
        SELECT speaker_name AS speaker, addressee_name AS addressee, sum(lines) AS lines,
               count(DISTINCT sha256) AS works
        FROM interactions GROUP BY 1, 2 ORDER BY lines DESC, speaker, addressee LIMIT {limit}""",
    "errors": """
        SELECT error, count(*) AS works, min(path) AS example
        FROM errors GROUP BY error ORDER BY works DESC, error LIMIT {limit}""",
}


def stats(root: str | Path, limit: int = 10) -> dict[str, tuple[list[str], list[tuple]]]:
    con = connect(root)
    try:
        out = {}
        for name, sql in STATS_QUERIES.items():
            cursor = con.execute(sql.format(limit=int(limit)))
            out[name] = ([d[0] for d in cursor.description], cursor.fetchall())
        return out
    finally:
        con.close()
