"""The library view: DuckDB queries over a `ficlens corpus` store."""

from __future__ import annotations

from pathlib import Path

from ficlens.corpus.query import connect, stats

WORKS_LIMIT = 500
TOP = 15
WORKS_SQL = f"""
    SELECT coalesce(title, name) AS title, coalesce(fandom, '') AS fandom, words, utterances, characters,
           array_to_string(authors, ', ') AS authors
    FROM works ORDER BY title, name LIMIT {WORKS_LIMIT}"""


def library(root: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Tables for the page: totals, works, fandoms, top characters and top pairs."""
    tables = {k: v for k, v in stats(root, limit=TOP).items() if k != "errors"}
    con = connect(root)
    try:
        cursor = con.execute(WORKS_SQL)
        tables["works"] = ([d[0] for d in cursor.description], cursor.fetchall())
    finally:
        con.close()
    return tables
