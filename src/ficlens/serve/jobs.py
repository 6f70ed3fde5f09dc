"""Analyses run in one worker thread while the page polls the job; results stay in memory only.

One worker is enough: the analysis is CPU-bound and the spaCy model loads once per process. Uploaded bytes are
kept in memory (never written to disk) so a cast edit can re-run the analysis on the same bytes.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from ficlens.model import StoryModel
from ficlens.roster import Roster
from ficlens.serve.views import StoryView

JobState = Literal["queued", "running", "done", "error"]
# Works kept in memory; the oldest is dropped first (a novel's model is tens of MB).
MAX_WORKS = 12
MAX_JOBS = 200  # finished job records kept for polling; the oldest go first


@dataclass
class Work:
    id: str
    name: str
    data: bytes
    model: StoryModel
    view: StoryView
    roster: Roster | None = None  # the roster the analysis ran with (--cast, or the cast as corrected here)


@dataclass
class Job:
    id: str
    name: str
    state: JobState = "queued"
    step: str = "queued"
    fraction: float = 0.0
    error: str | None = None
    work: str | None = None
    created: float = field(default_factory=time.perf_counter)
    seconds: float | None = None

    def public(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "step": self.step,
            "fraction": round(self.fraction, 3),
            "error": self.error,
            "work": self.work,
            "seconds": self.seconds,
        }


def new_id() -> str:
    return secrets.token_urlsafe(9)


class Jobs:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ficlens-analysis")
        self._lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.works: OrderedDict[str, Work] = OrderedDict()

    def submit(self, data: bytes, name: str, roster: Roster | None = None) -> Job:
        job = Job(id=new_id(), name=name)
        with self._lock:
            self.jobs[job.id] = job
            finished = [key for key, old in self.jobs.items() if old.state in ("done", "error")]
            for key in finished[: max(0, len(self.jobs) - MAX_JOBS)]:
                del self.jobs[key]
        self._executor.submit(self._run, job, data, roster)
        return job

    def work(self, work_id: str) -> Work | None:
        with self._lock:
            return self.works.get(work_id)

    def list_works(self) -> list[dict]:
        with self._lock:
            works = list(self.works.values())
        return [{"id": w.id, "name": w.name, "title": w.view.title} for w in reversed(works)]

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, data: bytes, roster: Roster | None) -> None:
        from ficlens.cast.packs import UnknownFandom
        from ficlens.ingest import InputError
        from ficlens.pipeline import analyze_bytes

        job.state = "running"

        def progress(step: str, fraction: float) -> None:
            job.step, job.fraction = step, fraction

        try:
            model = analyze_bytes(data, name=job.name, progress=progress, roster=roster)
            view = StoryView(model)
        except (InputError, UnknownFandom) as error:
            job.error = str(error)
        except MemoryError:
            job.error = "not enough memory to analyse this file"
        except Exception as error:  # noqa: BLE001 - the page shows one line, not a traceback
            job.error = f"internal error ({type(error).__name__}: {error}); please report it with the file"
        else:
            work = Work(id=new_id(), name=job.name, data=data, model=model, view=view, roster=roster)
            with self._lock:
                self.works[work.id] = work
                while len(self.works) > MAX_WORKS:
                    self.works.popitem(last=False)
            job.work, job.fraction, job.step = work.id, 1.0, "done"
        job.seconds = round(time.perf_counter() - job.created, 3)
        job.state = "error" if job.error else "done"
