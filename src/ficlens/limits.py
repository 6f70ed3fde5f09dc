"""Bound the work one input may cost: run it in a forked child with a memory limit and a deadline.

Why a child process: a pathological input (a few hundred KB of quote marks took 75-157 s and 3.3 GB in
spaCy's tokenizer) spends its time in C code that no Python-level timer can interrupt, and a memory limit set
in the process itself would also bind everything else it does. A forked child shares the loaded models
(copy-on-write), gets `RLIMIT_DATA` set to the limit, and is killed at the deadline; the parent only waits.
`os.fork` (not multiprocessing) because Dask's worker processes are daemonic and may not start children
through multiprocessing.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Annotated, Any

import typer

from ficlens.errors import LimitExceeded

DEFAULT_SECONDS = 1800.0
"""Per work: a 200,000-word novel takes about a minute; thirty times that is a runaway."""
DEFAULT_MEMORY_MB = 8192
"""Per work: a 600 KB one-line story peaks near 1 GB; eight times that is a runaway."""
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0, help="Stop a work's analysis after this many seconds (0: no limit).")
]
MaxMemoryOption = Annotated[
    int, typer.Option("--max-memory", min=0, help="Stop a work's analysis past this much memory, in MiB (0: no limit).")
]
"""The two options `analyze` and `corpus run` share."""
__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_SECONDS", "LimitExceeded", "MaxMemoryOption", "TimeoutOption", "run_limited"]


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    seconds: float | None = DEFAULT_SECONDS,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: Callable[[str, float], None] | None = None,
    **kwargs: Any,
) -> Any:
    """`function(*args, **kwargs)` in a child process under the limits (None or 0: no limit; with no limit at
    all it runs here). Its exceptions are raised here; `progress` (if given) is passed to it as `progress=`
    and called here. Raises `LimitExceeded`."""
    if not seconds and not memory_mb:
        return function(*args, **kwargs, **({"progress": progress} if progress else {}))
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(Connection(write_fd, readable=False), function, args, kwargs, memory_mb, progress is not None)
    os.close(write_fd)
    connection = Connection(read_fd, writable=False)
    reaped = False
    try:
        kind, value = _wait(connection, seconds, progress)
        if kind == "died":
            kind, value = _died(pid, memory_mb)
            reaped = True
    finally:
        connection.close()
        if not reaped:
            _reap(pid)
    if kind == "ok":
        return value
    if kind == "memory":
        raise LimitExceeded(_memory_message(memory_mb), "MemoryLimit")
    raise value


def _die_with_parent() -> None:
    """Linux: the child is killed when the thread that forked it ends (a killed worker leaves no orphan)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1


def _child(connection: Connection, function, args, kwargs, memory_mb, with_progress: bool) -> None:
    try:
        _die_with_parent()
        if memory_mb:
            _, hard = resource.getrlimit(resource.RLIMIT_DATA)
            limit = memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        if with_progress:
            kwargs = {**kwargs, "progress": lambda step, fraction: connection.send(("progress", (step, fraction)))}
        result: tuple[str, Any] = ("ok", function(*args, **kwargs))
    except MemoryError:
        result = ("memory", None)
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        result = ("error", error)
    try:
        connection.send(result)
    except BaseException as error:  # noqa: BLE001 - e.g. an exception that does not pickle
        try:
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(0)


def _wait(connection: Connection, seconds, progress) -> tuple[str, Any]:
    deadline = time.monotonic() + seconds if seconds else None
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise LimitExceeded(
                f"the analysis took longer than the time limit of {seconds:g} s and was stopped", "TimeLimit"
            )
        try:
            ready = connection.poll(remaining)
            if not ready:
                continue
            kind, value = connection.recv()
        except (EOFError, OSError):
            return "died", None
        if kind == "progress":
            if progress is not None:
                progress(*value)
            continue
        return kind, value


def _died(pid: int, memory_mb: int | None) -> tuple[str, Any]:
    """The child ended without an answer: killed (the kernel's OOM killer sends SIGKILL) or crashed."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL and memory_mb:
        return "memory", None
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
    return "error", LimitExceeded(f"the analysis process died ({how})", "WorkerDied")


def _reap(pid: int) -> None:
    """Kill the child (it may still run: a deadline, an interrupt) and collect it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _memory_message(memory_mb: int | None) -> str:
    return f"the analysis needed more than the memory limit of {memory_mb} MiB and was stopped"
