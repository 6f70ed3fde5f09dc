"""The preparations of the steps still to run (each loads what its step reads once per process: word lists, a
model file), kept here for a step that waits on another process: it runs them meanwhile, so those loads are no
longer on the way after it (the parse step, while its second process finishes). `Pipeline.run` sets them."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

LATER: ContextVar[tuple[Callable[[], object], ...]] = ContextVar("ficlens_later_preparations", default=())
"""The `Step.prepare` functions of the steps after the one running, in order."""


def prepare_later_steps() -> None:
    for prepare in LATER.get():
        prepare()
