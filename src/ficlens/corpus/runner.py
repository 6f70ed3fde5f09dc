"""`ficlens corpus run`: map the analysis over many works on a Dask cluster and commit batches to the store.

The client (this process) finds the inputs, hashes each file (sha256 of its bytes: the key of a work), skips
what the store holds already, and submits batches of works to the cluster, a bounded number at a time.
Workers analyse a batch and send back Arrow tables; the client alone writes the store, one batch per
completed task, so a batch is stored once however often Dask had to run it (a killed worker's tasks are
re-run elsewhere), and the store needs to be reachable by the client only.

Works travel to workers as paths when the workers see the same files (a local cluster always does; a
remote one is asked: every worker must see the first input with the same size), else as bytes.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ficlens.corpus.discover import Candidate, estimate_words, find_inputs, hash_file
from ficlens.corpus.store import Store, new_batch_id
from ficlens.corpus.tables import TABLES, error_row, to_table
from ficlens.corpus.worker import Item, PreloadNLP, analyze_batch, can_read
from ficlens.errors import ClusterError
from ficlens.ingest.document import MAX_BYTES
from ficlens.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS


@dataclass
class RunOptions:
    inputs: list[str]
    store: Path
    workers: int | None = None
    scheduler: str | None = None
    fandom: str | None = None
    notes: str = "keep"
    batch_size: int = 16
    batch_words: int = 100_000
    """A batch closes at this many words of input (estimated as the client hashes the bytes) even before
    `batch_size` works, so one huge work goes alone and does not hold up a worker's share of small ones; a
    work's time and memory limits (`timeout`, `max_memory`) stop one that runs away."""
    ship: str = "auto"  # auto | paths | bytes
    progress: bool = True
    timeout: float | None = DEFAULT_SECONDS
    """Per work, in seconds (None or 0: no limit)."""
    max_memory: int | None = DEFAULT_MEMORY_MB
    """Per work, in MiB (None or 0: no limit)."""


@dataclass
class Summary:
    store: str
    found: int = 0
    analysed: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed_before: int = 0
    words: int = 0
    seconds: float = 0.0
    batches: int = 0
    cleaned: int = 0
    ship: str = ""
    workers: int = 0
    interrupted: bool = False
    started: float = field(default_factory=time.time)
    nlp_loads: dict[str, int] = field(default_factory=dict)  # "host:pid" -> spaCy loads in that process

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.failed_before == 0

    def line(self) -> str:
        rate = self.analysed / self.seconds if self.seconds else 0.0
        words_rate = self.words / self.seconds if self.seconds else 0.0
        parts = [
            f"{self.analysed} works analysed",
            f"{self.failed} failed",
            f"{self.skipped} skipped (already stored)",
        ]
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        if self.failed_before:
            parts.append(f"{self.failed_before} failed in an earlier run")
        head = "interrupted: " if self.interrupted else ""
        return (
            f"{head}{', '.join(parts)}; {self.words:,} words in {self.seconds:.1f}s "
            f"({rate:.2f} works/s, {words_rate:,.0f} words/s) on {self.workers} worker{'' if self.workers == 1 else 's'} -> {self.store}"
        )


class _Stop:
    """Ctrl-C (or SIGTERM) asks the loop to stop after the batch in hand; a second Ctrl-C aborts at once."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _Stop:
        import threading

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def run_corpus(options: RunOptions, echo: Callable[[str], None] = print) -> Summary:
    """Run the whole thing; raises `StoreError`, `InputNotFound`, `UnknownFandom` before any work starts."""
    from ficlens.cast.packs import load_pack

    load_pack(options.fandom)  # a bad --fandom fails here, not once per work
    store = Store(options.store)
    candidates = find_inputs(options.inputs, exclude=store.root)
    store.create()
    store.lock()
    try:
        return _run_locked(options, store, candidates, echo)
    finally:
        store.unlock()


def _run_locked(options: RunOptions, store: Store, candidates: list[Candidate], echo) -> Summary:
    summary = Summary(store=str(store.root), found=len(candidates))
    summary.cleaned = store.clean()
    if summary.cleaned:
        echo(f"removed {summary.cleaned} partial files left by an interrupted run")
    known = store.known()
    committed = set(known.works) | set(known.errors)
    todo: list[Candidate] = []
    client_errors: list[dict] = []
    for c in candidates:
        stored = known.stats.get((c.shown, c.size, c.mtime_ns))
        if stored is not None:
            summary.skipped += 1
            summary.failed_before += stored == "errors"
        elif c.size < 0:  # an unreadable file or folder, a symlink loop: a failed work, never skipped silently
            if c.shown in known.unhashed_errors:
                summary.skipped += 1
                summary.failed_before += 1
            else:
                client_errors.append(error_row(None, c.shown, None, None, "OSError", c.error or "cannot read it"))
        else:
            todo.append(c)
    started = time.perf_counter()
    if not todo:  # everything stored already: no cluster needed
        if client_errors:
            _commit(store, {"errors": to_table("errors", client_errors)}, committed, summary, _Bar(None, None))
        summary.seconds = time.perf_counter() - started
        _record(store, options, summary)
        return summary
    cluster, client = _connect(options)
    try:
        client.register_plugin(PreloadNLP(), name=PreloadNLP.name)
        summary.ship = _ship_mode(options, client, todo)
        summary.workers = len(client.scheduler_info().get("workers", {}))
        with _progress_bar(options.progress, len(todo)) as bar, _Stop() as stop:
            _Dispatch(options, store, client, todo, committed, known, client_errors, summary, bar, stop).run()
        summary.workers = max(summary.workers, len(summary.nlp_loads))
    finally:
        summary.seconds = time.perf_counter() - started
        _close(client, cluster)
        _record(store, options, summary)
    return summary


def _connect(options: RunOptions):
    try:
        return _start(options)
    except Exception as error:
        where = f"the Dask scheduler at {options.scheduler}" if options.scheduler else "a local Dask cluster"
        raise ClusterError(f"cannot use {where}: {type(error).__name__}: {error}") from error


def _start(options: RunOptions):
    from distributed import Client, LocalCluster

    if options.scheduler:
        client = Client(options.scheduler, timeout="30s")
        try:
            client.wait_for_workers(1, timeout=120)
        except BaseException:
            client.close()
            raise
        return None, client
    import os

    workers = options.workers or os.cpu_count() or 1
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return cluster, Client(cluster)


def _close(client, cluster) -> None:
    try:
        client.close(timeout=10)
    except Exception:  # closing must never hide the run's own outcome
        pass
    if cluster is not None:
        try:
            cluster.close(timeout=20)
        except Exception:
            pass


def _ship_mode(options: RunOptions, client, todo: list[Candidate]) -> str:
    if options.ship != "auto":
        return options.ship
    if not options.scheduler or not todo:
        return "paths"
    probe = todo[0]
    answers = client.run(can_read, probe.path, probe.size)
    return "paths" if answers and all(answers.values()) else "bytes"


class _Dispatch:
    """The client's loop: keep the cluster busy with batches, commit each finished one, isolate killer works.

    Works of a batch that killed its workers are retried one at a time, each alone among the suspects, so the
    one that kills a worker is found (Dask blames every task a dying worker held).
    """

    def __init__(self, options, store, client, todo, committed, known, client_errors, summary, bar, stop) -> None:
        self.options, self.store, self.client = options, store, client
        self.committed, self.known, self.client_errors = committed, known, client_errors
        self.summary, self.bar, self.stop = summary, bar, stop
        self.queue = list(reversed(todo))  # pop() from the end: the order given
        self.inflight: dict = {}  # future -> list[Item]
        self.pending_hashes: set[str] = set()
        self.suspects: list[Item] = []
        self.suspect_in_flight: list = []
        self.threads, self.threads_checked = 1, 0.0

    def run(self) -> None:
        from distributed import wait

        while not self.stop.requested:
            self._refresh_threads()
            self._submit_suspect()
            self._fill()
            self._flush_errors()
            if not self.inflight and not self.suspects:
                break
            try:
                done, _ = wait(list(self.inflight), timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for future in done:
                self._collect(future)
        self._finish()

    def _refresh_threads(self) -> None:
        if time.monotonic() - self.threads_checked > 2:
            self.threads = max(1, sum(self.client.nthreads().values()))
            self.threads_checked = time.monotonic()

    def _submit_suspect(self) -> None:
        self.suspect_in_flight[:] = [f for f in self.suspect_in_flight if f in self.inflight]
        if self.suspects and not self.suspect_in_flight:
            self.suspect_in_flight.append(self._submit([self.suspects.pop(0)]))

    def _fill(self) -> None:
        while len(self.inflight) < 2 * self.threads + 1 and self.queue:
            items = self._next_batch()
            if items:
                self._submit(items)

    def _flush_errors(self) -> None:
        errors = self.client_errors
        if len(errors) >= self.options.batch_size or (errors and not self.inflight and not self.queue):
            _commit(self.store, {"errors": to_table("errors", errors)}, self.committed, self.summary, self.bar)
            errors.clear()

    def _submit(self, items: list[Item]):
        o = self.options
        future = self.client.submit(
            analyze_batch, items, o.fandom, o.notes, o.timeout, o.max_memory, pure=False, retries=0
        )
        self.inflight[future] = items
        return future

    def _next_batch(self) -> list[Item]:
        items: list[Item] = []
        words = 0
        while self.queue and len(items) < self.options.batch_size and words < self.options.batch_words:
            item = self._item(self.queue.pop())
            if item is not None:
                items.append(item)
                words += item.words
        return items

    def _item(self, c: Candidate) -> Item | None:
        """The work to send, or None when it is too large, unreadable, stored already or a duplicate."""
        if c.size > MAX_BYTES:
            message = f"the file is too large ({c.size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)"
            self.client_errors.append(error_row(None, c.shown, c.size, c.mtime_ns, "InputError", message))
            return None
        try:
            sha, data = hash_file(c.path)
        except OSError as error:
            message = f"cannot read it ({error.strerror})"
            self.client_errors.append(error_row(None, c.shown, c.size, c.mtime_ns, "OSError", message))
            return None
        if sha in self.committed:
            self.summary.skipped += 1
            self.summary.failed_before += sha in self.known.errors
            self.bar.advance(1)
            return None
        if sha in self.pending_hashes:
            self.summary.duplicates += 1
            self.bar.advance(1)
            return None
        self.pending_hashes.add(sha)
        ship = data if self.summary.ship == "bytes" else None
        return Item(c.path, sha, c.size, c.mtime_ns, ship, words=estimate_words(data))

    def _collect(self, future) -> None:
        items = self.inflight.pop(future)
        try:
            result = future.result()
        except Exception as error:  # KilledWorker (the batch killed its workers), lost data, ...
            self._failed(future, items, error)
            return
        key = f"{result['host']}:{result['pid']}"
        self.summary.nlp_loads[key] = max(self.summary.nlp_loads.get(key, 0), result["nlp_loads"])
        _commit(self.store, result["tables"], self.committed, self.summary, self.bar)

    def _failed(self, future, items: list[Item], error: Exception) -> None:
        if self.stop.requested:  # Ctrl-C reached the local workers too: not the work's fault
            return
        if len(items) > 1 or future not in self.suspect_in_flight:
            self.suspects.extend(items)  # find the one work that does it
            return
        item = items[0]
        message = f"a worker died while analysing this work (out of memory? a crash?): {type(error).__name__}"
        self.client_errors.append(error_row(item.sha256, item.path, item.size, item.mtime_ns, "WorkerDied", message))

    def _finish(self) -> None:
        errors = self.client_errors
        if self.stop.requested:
            self.summary.interrupted = True
            for future in self.inflight:
                future.cancel()
            errors[:] = [row for row in errors if row["error_type"] != "WorkerDied"]
        if errors:  # what the client found wrong is finished work too
            _commit(self.store, {"errors": to_table("errors", errors)}, self.committed, self.summary, self.bar)


def _commit(store: Store, tables: dict[str, pa.Table], committed: set[str], summary: Summary, bar) -> None:
    """Write one batch, dropping the rows of works the store holds already (so a row is never stored twice)."""
    works = tables.get("works")
    errors = tables.get("errors")
    new_keys: set[str] = set()
    for table in (works, errors):
        if table is not None:
            new_keys.update(k for k in table.column("sha256").to_pylist() if k and k not in committed)
    drop = pa.array(sorted(committed & _keys(tables)), pa.string())
    if len(drop):
        tables = {
            name: t.filter(pc.invert(pc.fill_null(pc.is_in(t.column("sha256"), value_set=drop), False)))
            for name, t in tables.items()
        }
    store.commit({name: tables[name] for name in TABLES if name in tables}, new_batch_id())
    committed.update(new_keys)
    summary.batches += 1
    n_works = tables["works"].num_rows if "works" in tables else 0
    n_errors = tables["errors"].num_rows if "errors" in tables else 0
    summary.analysed += n_works
    summary.failed += n_errors
    if n_works:
        summary.words += sum(w or 0 for w in tables["works"].column("words").to_pylist())
    bar.advance(n_works + n_errors, summary.failed)


def _keys(tables: dict[str, pa.Table]) -> set[str]:
    keys: set[str] = set()
    for name in ("works", "errors"):
        if name in tables:
            keys.update(k for k in tables[name].column("sha256").to_pylist() if k)
    return keys


def _record(store: Store, options: RunOptions, summary: Summary) -> None:
    """Keep a small JSON record of each run beside the tables (options, counts, workers, model loads)."""
    from ficlens.atomic import write_atomic

    record = {"options": {**asdict(options), "store": str(options.store)}, "summary": asdict(summary)}
    name = time.strftime("%Y%m%dT%H%M%S", time.gmtime(summary.started)) + f"-{new_batch_id()[-8:]}.json"
    try:
        write_atomic(store.root / "runs" / name, json.dumps(record, indent=2, default=str) + "\n")
    except OSError:
        pass


class _Bar:
    def __init__(self, progress, task) -> None:
        self.progress, self.task = progress, task

    def advance(self, n: int, failed: int | None = None) -> None:
        if self.progress is None:
            return
        if failed is None:
            self.progress.advance(self.task, n)
        else:
            self.progress.update(self.task, advance=n, failed=failed)


def _progress_bar(enabled: bool, total: int):
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if not enabled or not sys.stderr.isatty():
            yield _Bar(None, None)
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.2f} works/s" if speed else "- works/s")

        with Progress(
            TextColumn("[bold]analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        ) as progress:
            yield _Bar(progress, progress.add_task("analysing", total=total, failed=0))

    return bar()
