"""Work done ahead: parts of later steps that read only layers no step after the quotations changes (the text,
the paragraphs, the segments, the parse and the quotations: `READS`), computed in a forked process while this
one builds the cast and attributes the speakers, and sent back as plain data.

After the parse the second core sat idle while this process ran every later step (about 2.6 s of a
100,000-word novel). A step lists such parts as its `Step.ahead` functions; `Pipeline.run` forks once, where the
last of `READS` is assigned, when the text is long enough for two processes (`nlp.processes_for`); the child
runs them in the pipeline's order and sends each result as it is made. A step reads one with `result`, which
waits for it a little (`WAIT`), or runs the function here when there is none (one process, a short text, a
pipeline without that step's ahead work, a child that died or is late): the same function on the same layers,
so the same result.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from queue import SimpleQueue
from typing import Protocol, TypeVar

READS = ("document", "pack", "paragraphs", "segments", "parse", "quotes")
"""The layers an ahead function may read: none of them changes after the fork (`Pipeline` forks after the last
step that assigns one of them)."""

T = TypeVar("T")


class Analysis(Protocol):
    """What ahead work needs of an `analysis.Analysis` (named so, not imported: the analysis holds ahead work)."""

    ahead: AheadWork | None

    @property
    def text(self) -> str: ...


Job = Callable[[Analysis], object]
_DONE = -1


class AheadWork:
    """The forked process computing `jobs` over the analysis as it was at the fork, and the results it sent."""

    def __init__(self, analysis: Analysis, jobs: Sequence[Job]) -> None:
        self.jobs = list(jobs)
        self.results: dict[int, object] = {}
        fork = multiprocessing.get_context("fork")
        self.receiving, sending = fork.Pipe(duplex=False)
        self.child = fork.Process(target=_compute_and_send, args=(analysis, self.jobs, sending), daemon=True)
        self.child.start()
        sending.close()

    def get(self, job: Job, wait: float) -> tuple[bool, object]:
        """(True, the job's result), reading the child's results in order until it comes (kept until `forget`:
        a result is read-only data, and a few steps may read the same); (False, None) when the job is not one of these, the
        child died or stopped before sending it, or has not sent it within `wait` seconds."""
        if job not in self.jobs:
            return False, None
        wanted = self.jobs.index(job)
        deadline = time.monotonic() + wait
        while wanted not in self.results and not self.receiving.closed:
            try:
                if not self.receiving.poll(max(0.0, deadline - time.monotonic())):
                    break
                number, value = self.receiving.recv()
            except (EOFError, OSError):
                self.receiving.close()
                break
            self.results[number] = value
        return (True, self.results[wanted]) if wanted in self.results else (False, None)

    def forget(self, jobs: Sequence[Job]) -> None:
        """Drop the results of `jobs` (their steps are done): a long work's candidates or sentence layout need
        not stay in memory to the end."""
        for job in jobs:
            if job in self.jobs:
                self.results.pop(self.jobs.index(job), None)

    def close(self) -> None:
        self.receiving.close()
        self.child.kill()
        self.child.join()


def _compute_and_send(analysis: Analysis, jobs: list[Job], sending: Connection) -> None:
    """In the child: each job's result, in order, handed to a thread that sends it (a pipe holds little, and
    the first process reads a result only when its step needs it: the next jobs go on meanwhile). A job that
    fails ends the sending: the first process runs it itself, and meets the error there."""
    made: SimpleQueue = SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(made, sending))
    sender.start()
    try:
        for number, job in enumerate(jobs):
            made.put((number, job(analysis)))
    except Exception:  # noqa: S110 - reported by the first process, which computes the job again
        pass
    finally:
        made.put((_DONE, None))
        sender.join()


def _send_all(made: SimpleQueue, sending: Connection) -> None:
    with sending:
        try:
            while (item := made.get())[0] != _DONE:
                sending.send(item)
        except OSError:  # the first process has closed its end: its analysis is over
            return


def start(analysis: Analysis, jobs: Sequence[Job]) -> None:
    """Fork the ahead process for `jobs` when two processes are worth it for this text."""
    from ficlens.nlp import processes_for  # spaCy is imported only once a pipeline runs

    if jobs and processes_for(len(analysis.text)) == 2:
        analysis.ahead = AheadWork(analysis, jobs)


def forget(analysis: Analysis, jobs: Sequence[Job]) -> None:
    if analysis.ahead is not None:
        analysis.ahead.forget(jobs)


def finish(analysis: Analysis) -> None:
    if analysis.ahead is not None:
        analysis.ahead.close()
        analysis.ahead = None


WAIT = 0.25
"""Seconds a step waits for a result the ahead process has not sent yet before computing it itself: a result
comes late only when the second process gets little of a core (a busy machine), and then computing it here
is sooner. The result is the same either way; only where it was computed differs."""


def result(analysis: Analysis, job: Callable[[Analysis], T], wait: float = WAIT) -> T:
    """The job's result for this analysis: from the ahead process when it made it within `wait` seconds, else
    computed here."""
    if analysis.ahead is not None:
        found, value = analysis.ahead.get(job, wait)
        if found:
            return value  # type: ignore[return-value]
    return job(analysis)
