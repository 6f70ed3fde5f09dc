"""What the routes share: the server's configuration, its jobs and works, and the checks every route makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from ficlens.roster import Roster
from ficlens.serve.jobs import Jobs, Work

MIB = 2**20
DEFAULT_MAX_UPLOAD = 50 * MIB
CSRF_HEADER = "x-ficlens"
_UNSAFE_NAME = re.compile(r"[^\w .,()\[\]+-]")


@dataclass
class ServeConfig:
    store: Path | None = None
    files: list[Path] = field(default_factory=list)
    cast_path: Path | None = None
    roster: Roster | None = None  # the --cast file as loaded at start: every analysis applies it
    max_upload: int = DEFAULT_MAX_UPLOAD
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])


@dataclass
class State:
    config: ServeConfig
    jobs: Jobs
    roster: Roster | None  # the roster new analyses apply: --cast as loaded, then as corrected here

    def work(self, work_id: str) -> Work:
        work = self.jobs.work(work_id)
        if work is None:
            raise HTTPException(404, "no such work (the server keeps the latest analyses in memory only)")
        return work


def state(request: Request) -> State:
    return request.app.state.ficlens


App = Annotated[State, Depends(state)]
"""A route's parameter for the server's state."""


def check_post(request: Request) -> None:
    """POSTs must carry a header that no cross-site form can send."""
    if request.headers.get(CSRF_HEADER) != "1":
        raise HTTPException(403, f"missing the {CSRF_HEADER} header")


def safe_name(name: str | None) -> str:
    """The upload's file name as a label (its suffix helps to sniff the format); never used as a path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_NAME.sub("_", base).strip(" .")[:120] or "pasted.txt"
