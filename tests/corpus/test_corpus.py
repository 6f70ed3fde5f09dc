"""`ficlens corpus` end to end, against a real Dask scheduler and workers running as separate processes."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import pytest

from ficlens.corpus.query import query
from ficlens.corpus.store import Store, StoreError
from ficlens.corpus.tables import to_table

from .conftest import SAMPLE, ficlens, ficlens_popen, runs, start_cluster, write_stories


def rows(store: Path, sql: str) -> list[tuple]:
    return query(store, sql)[1]


def assert_exactly_once(store: Path, expected_works: int) -> None:
    """Every work once, and no child row twice (a batch written twice would double them)."""
    [(works, distinct)] = rows(store, "SELECT count(*), count(DISTINCT sha256) FROM works")
    assert works == distinct == expected_works
    assert rows(store, "SELECT sha256, id FROM utterances GROUP BY ALL HAVING count(*) > 1") == []
    assert rows(store, "SELECT sha256, id FROM characters GROUP BY ALL HAVING count(*) > 1") == []
    [(stored, declared)] = rows(
        store, "SELECT (SELECT count(*) FROM utterances), (SELECT coalesce(sum(utterances), 0) FROM works)"
    )
    assert stored == declared
    assert not list(store.rglob("*.tmp"))
    assert not (store / ".lock").exists()


def committed(store: Path) -> int:
    return len(list((store / "works").glob("part-*.parquet")))


def test_end_to_end_mixed_folder(cluster, tmp_path):
    inputs = tmp_path / "in"
    write_stories(inputs, range(10))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "part0" / "image.bin").write_bytes(bytes(range(256)) * 20)
    shutil.copy(inputs / "part1" / "story_001.txt", inputs / "copy_of_story_001.txt")
    expected = 10
    if SAMPLE.exists():
        shutil.copy(SAMPLE, inputs / "naruto.txt")
        expected += 1
    store = tmp_path / "store"

    result = ficlens("corpus", "run", str(inputs), "--out", str(store), "--scheduler", cluster.address,
                     "--batch-size", "3")  # fmt: skip
    assert result.returncode == 1, result.stderr  # two works could not be read
    assert f"{expected} works analysed, 2 failed" in result.stderr
    assert_exactly_once(store, expected)
    errors = dict(rows(store, "SELECT regexp_extract(path, '[^/]+$'), error FROM errors"))
    assert errors == {"empty.txt": "the file is empty", "image.bin": "this looks like binary data, not a story"}
    speakers = rows(
        store,
        "SELECT DISTINCT u.speaker_name FROM utterances u JOIN works w USING (sha256) "
        "WHERE w.path LIKE '%story_001.txt' ORDER BY 1",
    )
    assert speakers == [("Priya",), ("Tom",)]
    summary = runs(store)[-1]["summary"]
    assert summary["ship"] == "paths" and summary["duplicates"] == 1
    # The spaCy pipeline was loaded once in each worker process, however many batches it ran.
    assert summary["nlp_loads"] and set(summary["nlp_loads"].values()) == {1}

    csv = ficlens("corpus", "query", str(store), "SELECT count(*) AS n FROM works", "--csv")
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.split() == ["n", str(expected)]
    stats = ficlens("corpus", "stats", str(store))
    assert stats.returncode == 0, stats.stderr
    assert "Priya" in stats.stdout and "the file is empty" in stats.stdout
    bad = ficlens("corpus", "query", str(store), "SELECT nope FROM works")
    assert bad.returncode == 2 and "nope" in bad.stderr

    again = ficlens("corpus", "run", str(inputs), "--out", str(store), "--scheduler", cluster.address)
    assert again.returncode == 1, again.stderr  # the two unreadable works are still failed
    assert "0 works analysed" in again.stderr
    assert runs(store)[-1]["summary"]["skipped"] == expected + 3  # + the copy and the two failures
    assert_exactly_once(store, expected)
    assert len(rows(store, "SELECT * FROM errors")) == 2


def test_killed_worker_loses_nothing(fresh_cluster, tmp_path):
    from distributed import Client

    inputs, store = tmp_path / "in", tmp_path / "store"
    write_stories(inputs, range(24), paragraphs=40)
    run = ficlens_popen("corpus", "run", str(inputs), "--out", str(store), "--scheduler",
                        fresh_cluster.address, "--batch-size", "2", "-q")  # fmt: skip
    with Client(fresh_cluster.address, timeout="30s") as client:
        victim = next(a for a, w in client.scheduler_info()["workers"].items() if w["name"] == "w1")
        deadline = time.monotonic() + 90
        while not (committed(store) >= 2 and client.processing().get(victim)):
            assert run.poll() is None, "the run ended before a worker could be killed: " + run.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        fresh_cluster.kill_worker(1)  # in the middle of a batch
        assert committed(store) < 12
    _, stderr = run.communicate(timeout=150)
    assert run.returncode == 0, stderr
    assert "24 works analysed, 0 failed" in stderr
    assert_exactly_once(store, 24)


KILLER = """
import os

import ficlens.pipeline as pipeline

if not getattr(pipeline, "_killer", False):
    _real = pipeline.analyze_bytes

    def analyze_bytes(data, *args, **kwargs):
        if b"KILL THE WORKER" in data:
            os._exit(1)  # as a segfault or the OOM killer would
        return _real(data, *args, **kwargs)

    pipeline.analyze_bytes, pipeline._killer = analyze_bytes, True
"""


def test_a_work_that_kills_its_worker_is_isolated(tmp_path):
    preload = tmp_path / "killer.py"
    preload.write_text(KILLER)
    cluster = start_cluster(
        tmp_path / "dask",
        n_workers=1,
        scheduler_env={"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"},
        worker_args=("--preload", str(preload)),
    )
    try:
        inputs, store = tmp_path / "in", tmp_path / "store"
        paths = write_stories(inputs, range(5))
        paths[2].write_text('"KILL THE WORKER," said Tom.\n')
        result = ficlens("corpus", "run", str(inputs), "--out", str(store), "--scheduler", cluster.address,
                         "--batch-size", "5")  # fmt: skip
    finally:
        cluster.stop()
    assert result.returncode == 1, result.stderr
    assert "4 works analysed, 1 failed" in result.stderr
    assert_exactly_once(store, 4)
    [(path, kind)] = rows(store, "SELECT path, error_type FROM errors")
    assert (path, kind) == (str(paths[2]), "WorkerDied")


def test_resume_after_a_partial_run(cluster, tmp_path):
    inputs, store = tmp_path / "in", tmp_path / "store"
    paths = write_stories(inputs, range(12))
    half = ficlens("corpus", "run", *map(str, paths[:6]), "--out", str(store), "--scheduler", cluster.address,
                   "--batch-size", "2")  # fmt: skip
    assert half.returncode == 0, half.stderr
    assert_exactly_once(store, 6)
    # This time as a glob, and with the works' bytes sent to the workers instead of their paths.
    whole = ficlens("corpus", "run", str(inputs / "**" / "*.txt"), "--out", str(store), "--scheduler",
                    cluster.address, "--batch-size", "2", "--ship", "bytes")  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    summary = runs(store)[-1]["summary"]
    assert (summary["analysed"], summary["skipped"], summary["failed"], summary["ship"]) == (6, 6, 0, "bytes")
    assert_exactly_once(store, 12)


def test_resume_after_ctrl_c(cluster, tmp_path):
    inputs, store = tmp_path / "in", tmp_path / "store"
    write_stories(inputs, range(16), paragraphs=40)
    args = ("corpus", "run", str(inputs), "--out", str(store), "--scheduler", cluster.address, "--batch-size", "1")
    run = ficlens_popen(*args)
    deadline = time.monotonic() + 90
    while committed(store) < 2:
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "interrupted" in stderr
    done = committed(store)
    assert 2 <= done < 16
    assert_exactly_once(store, done)

    rerun = ficlens(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert runs(store)[-1]["summary"]["skipped"] == done
    assert_exactly_once(store, 16)


def test_local_cluster_default(tmp_path):
    inputs, store = tmp_path / "in", tmp_path / "store"
    write_stories(inputs, range(3))
    result = ficlens("corpus", "run", str(inputs), "--out", str(store), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "3 works analysed, 0 failed" in result.stderr
    assert_exactly_once(store, 3)


def test_usage_errors(tmp_path):
    missing = ficlens("corpus", "run", str(tmp_path / "nothing"), "--out", str(tmp_path / "s"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    (tmp_path / "a.txt").write_text('"Hi," said Tom.\n')
    fandom = ficlens("corpus", "run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "s"), "--fandom", "nope")
    assert fandom.returncode == 2
    not_store = ficlens("corpus", "stats", str(tmp_path))
    assert not_store.returncode == 2 and "not a ficlens corpus store" in not_store.stderr


def test_store_hides_and_cleans_a_half_committed_batch(tmp_path):
    store = Store(tmp_path / "store")
    store.create()
    row = {"sha256": "ab", "path": "/x", "size": 1, "mtime_ns": 1, "error_type": "InputError", "error": "e"}
    store.commit({"errors": to_table("errors", [row])}, "0001-good")
    # A crash between two renames: a child file without its `works` file, and a temporary file.
    orphan = store.table_dir("errors") / "part-0002-orphan.parquet"
    shutil.copy(store.table_dir("errors") / "part-0001-good.parquet", orphan)
    (store.table_dir("works") / ".part-0003.parquet.1.tmp").write_bytes(b"half")
    assert rows(store.root, "SELECT count(*) FROM errors") == [(1,)]
    assert rows(store.root, "SELECT count(*) FROM works") == [(0,)]
    store.lock()
    with pytest.raises(StoreError, match="another run"):
        Store(store.root).lock()
    assert store.clean() == 2
    store.unlock()
    assert not orphan.exists()
    assert store.known().errors == {"ab"}
