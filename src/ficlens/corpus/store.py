"""The corpus store: a directory with one Parquet dataset (sub-directory) per table.

    STORE/works/part-<batch>.parquet        STORE/characters/part-<batch>.parquet   ...

A batch of works is one file per table (one row group each). Files are written under a hidden temporary
name and renamed into place, so a reader never sees half a file; `works` is renamed last, so a batch counts
as committed exactly when its `works` file exists (it is written even when every work of the batch failed).
Files of a batch without a `works` file (a crash between two renames) are orphans: `query` leaves them out
and the next `run` deletes them. One `run` writes to a store at a time (`STORE/.lock`).
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ficlens.corpus.tables import SCHEMAS, TABLES
from ficlens.errors import StoreError

COMMIT_TABLE = "works"
_PREFIX = "part-"


@dataclass
class Known:
    """Content hashes of stored works and of stored errors; `stats` maps (path, size, mtime_ns) of a stored
    row to its table, a cheap pre-check that spares re-hashing unchanged files; `unhashed_errors` holds the
    paths of errors without a hash (files that could not be read at all)."""

    works: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)
    stats: dict[tuple[str, int, int], str] = field(default_factory=dict)
    unhashed_errors: set[str] = field(default_factory=set)


def new_batch_id() -> str:
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


def batch_of(path: Path) -> str | None:
    name = path.name
    if name.startswith(_PREFIX) and name.endswith(".parquet"):
        return name[len(_PREFIX) : -len(".parquet")]
    return None


class Store:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    # -- layout -------------------------------------------------------------------------------------------

    def table_dir(self, table: str) -> Path:
        return self.root / table

    def exists(self) -> bool:
        return (self.root / COMMIT_TABLE).is_dir()

    def create(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root}: exists and is not a directory")
        if self.root.is_dir() and any(self.root.iterdir()) and not self.exists():
            raise StoreError(f"{self.root}: is a non-empty directory but not a ficlens corpus store")
        for table in TABLES:
            directory = self.table_dir(table)
            directory.mkdir(parents=True, exist_ok=True)
            # A 0-row file with the schema, so every table can be queried before any batch lands;
            # its name starts with '_' so pyarrow.dataset and pandas skip it, and it adds no rows to DuckDB.
            empty = directory / "_schema.parquet"
            if not empty.exists():
                self._write(empty, pa.Table.from_pylist([], schema=SCHEMAS[table]))

    def parts(self, table: str) -> list[Path]:
        directory = self.table_dir(table)
        if not directory.is_dir():
            return []
        return sorted(p for p in directory.iterdir() if batch_of(p) is not None)

    def committed_batches(self) -> set[str]:
        return {b for p in self.parts(COMMIT_TABLE) if (b := batch_of(p))}

    def orphans(self) -> list[Path]:
        committed = self.committed_batches()
        return [p for t in TABLES if t != COMMIT_TABLE for p in self.parts(t) if batch_of(p) not in committed]

    def files(self, table: str) -> list[Path]:
        """The committed files of a table, the 0-row schema file first."""
        committed = self.committed_batches()
        schema_file = self.table_dir(table) / "_schema.parquet"
        return [schema_file] + [p for p in self.parts(table) if batch_of(p) in committed]

    # -- lock ---------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Take the store for one run; a lock left by a dead process on this host is taken over."""
        path = self.root / ".lock"
        me = {"host": socket.gethostname(), "pid": os.getpid(), "since": time.time()}
        for _ in range(2):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    holder = json.loads(path.read_text() or "{}")
                except (OSError, ValueError):
                    holder = {}
                if holder.get("host") == me["host"] and not _alive(holder.get("pid")):
                    path.unlink(missing_ok=True)
                    continue
                raise StoreError(
                    f"{self.root}: another run is writing to this store (pid {holder.get('pid')} on "
                    f"{holder.get('host')}); if it is gone, delete {path}"
                ) from None
            with os.fdopen(fd, "w") as handle:
                json.dump(me, handle)
            return
        raise StoreError(f"{self.root}: cannot take the lock {path}")

    def unlock(self) -> None:
        (self.root / ".lock").unlink(missing_ok=True)

    def clean(self) -> int:
        """Delete temporary files and orphan parts left by a crashed run (call with the lock held)."""
        removed = 0
        for table in TABLES:
            for p in self.table_dir(table).glob(".*.tmp"):
                p.unlink(missing_ok=True)
                removed += 1
        for p in self.orphans():
            p.unlink(missing_ok=True)
            removed += 1
        return removed

    # -- reading and writing ------------------------------------------------------------------------------

    def known(self) -> Known:
        """What the store holds already, for skipping works on a rerun."""
        known = Known()
        for table in (COMMIT_TABLE, "errors"):
            hashes = known.works if table == COMMIT_TABLE else known.errors
            files = [str(p) for p in self.files(table)]
            columns = ["sha256", "path", "size", "mtime_ns"]
            t = ds.dataset(files, format="parquet", schema=SCHEMAS[table]).to_table(columns=columns)
            for sha, path, size, mtime in zip(*(t.column(c).to_pylist() for c in columns), strict=True):
                if sha:
                    hashes.add(sha)
                else:
                    known.unhashed_errors.add(path)
                if size is not None and mtime is not None:
                    known.stats[(path, size, mtime)] = table
        return known

    def commit(self, tables: dict[str, pa.Table], batch: str) -> None:
        """Write one batch: every table's file under a temporary name, then rename them, `works` last."""
        staged: list[tuple[Path, Path]] = []
        try:
            for table in TABLES:
                data = tables.get(table)
                if data is None:
                    data = pa.Table.from_pylist([], schema=SCHEMAS[table])
                if data.num_rows == 0 and table != COMMIT_TABLE:
                    continue
                data = data.set_column(
                    data.schema.get_field_index("batch"), "batch", pa.array([batch] * data.num_rows, pa.string())
                )
                final = self.table_dir(table) / f"{_PREFIX}{batch}.parquet"
                tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
                self._write(tmp, data)
                staged.append((tmp, final))
            for tmp, final in staged:  # every other table first: `works` commits the batch
                if final.parent.name != COMMIT_TABLE:
                    os.replace(tmp, final)
            for tmp, final in staged:
                if final.parent.name == COMMIT_TABLE:
                    os.replace(tmp, final)
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        _fsync_dirs(self.table_dir(t) for t in TABLES)

    @staticmethod
    def _write(path: Path, table: pa.Table) -> None:
        pq.write_table(table, path, compression="zstd", row_group_size=max(1, table.num_rows))
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())


def _alive(pid) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dirs(directories: Iterable[Path]) -> None:
    for directory in directories:
        try:
            fd = os.open(directory, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
