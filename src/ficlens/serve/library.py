"""The library view: DuckDB queries over a `ficlens corpus` store."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ficlens.corpus.query import connect, stats

WORKS_LIMIT = 500
TOP = 15
WORKS_SQL = f"""
    SELECT coalesce(title, name) AS title, coalesce(fandom, '') AS fandom, words, utterances, characters,
           array_to_string(authors, ', ') AS authors, sha256
    FROM works ORDER BY title, name LIMIT {WORKS_LIMIT}"""
_SHA256 = re.compile(r"[0-9a-f]{64}")


class LibraryError(Exception):
    """A stored work that cannot be opened again; one line for the page."""


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


def work_bytes(root: Path, sha256: str, limit: int) -> tuple[str, bytes]:
    """The name and bytes of a stored work, read again from the path the corpus run recorded."""
    if not _SHA256.fullmatch(sha256):
        raise LibraryError("not a work id")
    con = connect(root)
    try:
        row = con.execute("SELECT path, name FROM works WHERE sha256 = ? LIMIT 1", [sha256]).fetchone()
    finally:
        con.close()
    if row is None:
        raise LibraryError("no such work in this store")
    path = Path(row[0])
    try:
        if path.stat().st_size > limit:
            raise LibraryError(f"{path.name}: the file is larger than the upload limit")
        data = path.read_bytes()
    except OSError:
        raise LibraryError(f"{path}: the file is no longer there") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise LibraryError(f"{path}: the file changed since the corpus run")
    return row[1] or path.name, data
