"""A real Dask cluster for the corpus tests: a scheduler and workers started as separate processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[2].parent / "shared/data/samples/000_ebd54658bc8c22b7.txt"

NAMES = ["Anna", "Tom", "Maria", "Kenji", "Lucy", "Omar", "Priya", "Sven", "Ines", "Farid", "Mei", "Jonas"]


def story(number: int, paragraphs: int = 6) -> str:
    """A short synthetic story with tagged dialogue between two named characters, unique per `number`."""
    a, b = NAMES[number % len(NAMES)], NAMES[(number * 5 + 1) % len(NAMES)]
    if a == b:
        b = NAMES[(number + 1) % len(NAMES)]
    lines = [f"Story number {number}", "", f"{a} met {b} at the station on day {number}.", ""]
    for turn in range(paragraphs):
        lines += [
            f'"Did you bring the map, {b}?" {a} asked, looking at the clock above platform {turn + number}.',
            "",
            f'"I did, {a}," said {b}. "It shows {turn + 2} roads to the old mill by the river."',
            "",
            f"{a} nodded and walked on while the rain fell over the roofs of the town.",
            "",
        ]
    return "\n".join(lines) + "\n"


def write_stories(folder: Path, numbers, paragraphs: int = 6) -> list[Path]:
    paths = []
    for n in numbers:
        path = folder / f"part{n % 3}" / f"story_{n:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story(n, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def ficlens(*args: str, timeout: float = 150) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from ficlens.cli import app; app(prog_name='ficlens')", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ficlens_popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from ficlens.cli import app; app(prog_name='ficlens')", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def runs(store: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((store / "runs").glob("*.json"))]


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)

    def kill_worker(self, index: int) -> None:
        """SIGKILL a worker's whole process group (the `dask worker` nanny and its worker process)."""
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(timeout=10)

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def start_cluster(
    tmp: Path, n_workers: int = 2, scheduler_env: dict[str, str] | None = None, worker_args: tuple[str, ...] = ()
) -> Cluster:
    """`dask scheduler` and `dask worker --nworkers 1 --nthreads 1` processes on 127.0.0.1, random ports."""
    from distributed import Client

    tmp.mkdir(parents=True, exist_ok=True)
    scheduler_file = tmp / "scheduler.json"
    logs = tmp / "logs"
    logs.mkdir(exist_ok=True)
    popen = dict(start_new_session=True, stdin=subprocess.DEVNULL)
    scheduler = subprocess.Popen(
        [
            sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--no-dashboard", "--scheduler-file", str(scheduler_file),
        ],
        stdout=open(logs / "scheduler.log", "w"), stderr=subprocess.STDOUT, env={**os.environ, **(scheduler_env or {})},
        **popen,
    )  # fmt: skip
    cluster = Cluster(address="", scheduler=scheduler)
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the dask scheduler did not start: " + (logs / "scheduler.log").read_text())
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but be safe
        cluster.address = json.loads(scheduler_file.read_text())["address"]
        for i in range(n_workers):
            cluster.workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        cluster.address,
                        "--host",
                        "127.0.0.1",
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{i}",
                        *worker_args,
                    ],
                    stdout=open(logs / f"worker{i}.log", "w"),
                    stderr=subprocess.STDOUT,
                    **popen,
                )  # fmt: skip
            )
        with Client(cluster.address, timeout="30s") as client:
            client.wait_for_workers(n_workers, timeout=90)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = start_cluster(tmp_path_factory.mktemp("dask"))
    yield c
    c.stop()


@pytest.fixture
def fresh_cluster(tmp_path_factory):
    """A cluster of its own, for a test that kills one of its workers."""
    c = start_cluster(tmp_path_factory.mktemp("dask-kill"))
    yield c
    c.stop()
