"""What runs on a Dask worker: analyse a batch of works with the same pure function as `ficlens analyze`.

The spaCy pipeline is loaded once per worker process: `ficlens.nlp.load_nlp` is an lru_cache in the module,
and a worker process keeps its modules between tasks; `PreloadNLP` loads it when the worker starts (or joins
later, e.g. restarted by its nanny) so the first batch does not pay for it. Each batch reports the worker's
pid and how many times the pipeline was loaded in that process (the cache misses), so the client can check.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from ficlens.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS


@dataclass(frozen=True)
class Item:
    """One work to analyse: its path, and the bytes themselves when the workers cannot read the path."""

    path: str
    sha256: str
    size: int
    mtime_ns: int | None
    data: bytes | None = None
    words: int = 0
    """Estimated before the analysis (`estimate_words`): what the client sizes batches by."""


class PreloadNLP(WorkerPlugin):
    """Load the spaCy pipeline once when a worker starts, off the event loop."""

    name = "ficlens-preload-nlp"

    async def setup(self, worker) -> None:
        import asyncio

        from ficlens.nlp import load_nlp

        await asyncio.to_thread(load_nlp)


def nlp_loads() -> int:
    from ficlens.nlp import load_nlp

    return load_nlp.cache_info().misses


def can_read(path: str, size: int) -> bool:
    """Whether this process sees `path` with the same size: run on every worker to choose paths or bytes."""
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def analyze_batch(
    items: list[Item],
    fandom: str | None = None,
    notes: str = "keep",
    seconds: float | None = DEFAULT_SECONDS,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> dict:
    """Analyse every item; a work that fails becomes an error row, never an exception (one bad work in a
    batch must not take its neighbours with it). Returns Arrow tables (without `batch`) and diagnostics."""
    from ficlens.corpus.tables import TABLES, to_table

    started = time.perf_counter()
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for item in items:
        for name, new in _analyze_one(item, fandom, notes, seconds, memory_mb).items():
            rows[name].extend(new)
    return {
        "tables": {name: to_table(name, table_rows) for name, table_rows in rows.items()},
        "pid": os.getpid(),
        "host": os.uname().nodename,
        "nlp_loads": nlp_loads(),
        "seconds": time.perf_counter() - started,
    }


def _analyze_one(
    item: Item, fandom: str | None, notes: str, seconds: float | None, memory_mb: int | None
) -> dict[str, list[dict]]:
    """One work, in a child process under the time and memory limits (see `ficlens.limits`)."""
    from ficlens.cast.packs import UnknownFandom
    from ficlens.corpus.discover import shown
    from ficlens.corpus.tables import error_row, model_rows
    from ficlens.ingest import InputError
    from ficlens.limits import LimitExceeded, run_limited
    from ficlens.pipeline import analyze_bytes

    path = shown(item.path)

    def failed(sha256: str | None, error_type: str, message: str) -> dict[str, list[dict]]:
        return {"errors": [error_row(sha256, path, item.size, item.mtime_ns, error_type, message)]}

    data = item.data
    if data is None:
        try:
            data = Path(item.path).read_bytes()
        except OSError as error:
            return failed(item.sha256, "OSError", f"cannot read it ({error.strerror or error})")
    try:
        model = run_limited(analyze_bytes, data, name=shown(Path(item.path).name), fandom=fandom, notes=notes,
                            seconds=seconds, memory_mb=memory_mb)
    except LimitExceeded as error:
        return failed(hashlib.sha256(data).hexdigest(), error.kind, str(error))
    except (InputError, UnknownFandom) as error:
        return failed(hashlib.sha256(data).hexdigest(), type(error).__name__, str(error))
    except MemoryError:
        return failed(hashlib.sha256(data).hexdigest(), "MemoryError", "not enough memory to analyse this work")
    except Exception as error:  # a bug in ficlens: record it against the work, keep going
        return failed(hashlib.sha256(data).hexdigest(), type(error).__name__, f"internal error: {error}")
    return model_rows(model, path, len(data), item.mtime_ns)

