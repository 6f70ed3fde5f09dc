"""Steps and pipelines: each step is one function over an `Analysis` that says which layers it reads and which
it assigns (like a spaCy component over a `Doc`), so a pipeline can check its order when it is built, and a
test or the training script can run exactly the steps another step needs.

A layer is a typed part of the `Analysis` (see `Layer` in `analysis.py`); "document" and "pack" are given
when the analysis is made, every other layer is assigned by a step. A step may assign a layer again to add to
it (the emphasis step adds quotations to the quotes layer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import get_args

from ficlens.ahead import READS as AHEAD_READS
from ficlens.ahead import finish as finish_ahead
from ficlens.ahead import forget as forget_ahead
from ficlens.ahead import start as start_ahead
from ficlens.analysis import GIVEN_LAYERS, Analysis, Layer
from ficlens.errors import PipelineError
from ficlens.preparations import LATER

Progress = Callable[[str, float], None]
"""Told the name of each step before it runs, and the share of steps done."""


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Analysis], None]
    requires: tuple[Layer, ...] = ()
    assigns: tuple[Layer, ...] = ()
    prepare: Callable[[], object] | None = None
    """Loads what the step reads once per process (word lists, a model file): called ahead of the step where
    a core would otherwise wait (`preparations.prepare_later_steps`), else the step loads them when it runs."""
    ahead: tuple[Callable[[Analysis], object], ...] = ()
    """Parts of the step that read only `ahead.READS`: computed in a second process while earlier steps run,
    where two processes are worth it (`ahead.py`); the step (and steps before it) read them with `ahead.result`,
    and their results are dropped when the step is done."""

    def __call__(self, analysis: Analysis) -> None:
        self.run(analysis)


class Pipeline:
    """Steps in order; building one checks that every layer a step requires is assigned before it."""

    def __init__(self, steps: Sequence[Step], given: Sequence[Layer] = GIVEN_LAYERS) -> None:
        self.steps = tuple(steps)
        self.given = tuple(given)
        seen: set[str] = set()
        assigned: set[str] = set(self.given)
        for step in self.steps:
            if step.name in seen:
                raise PipelineError(f"two steps are named {step.name!r}")
            seen.add(step.name)
            unknown = [layer for layer in (*step.requires, *step.assigns) if layer not in get_args(Layer)]
            if unknown:
                raise PipelineError(f"step {step.name!r} names unknown layers: {', '.join(unknown)}")
            missing = [layer for layer in step.requires if layer not in assigned]
            if missing:
                raise PipelineError(
                    f"step {step.name!r} requires {', '.join(missing)}, which no step before it assigns"
                )
            assigned.update(step.assigns)
        self.fork_at = 1 + max((n for n, s in enumerate(self.steps) if set(s.assigns) & set(AHEAD_READS)), default=-1)
        """The step before which the ahead work starts: after the last that assigns a layer it reads."""
        self.ahead_jobs = [job for step in self.steps[self.fork_at :] for job in step.ahead]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def names(self) -> list[str]:
        return [step.name for step in self.steps]

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise PipelineError(f"no step named {name!r} (steps: {', '.join(self.names)})")

    def before(self, name: str) -> Pipeline:
        """The steps that run before `name` (stop before it)."""
        position = self.steps.index(self.step(name))
        return Pipeline(self.steps[:position], self.given)

    def without(self, *names: str) -> Pipeline:
        """The pipeline with steps skipped; raises `PipelineError` when a later step needed one of them."""
        for name in names:
            self.step(name)
        return Pipeline([s for s in self.steps if s.name not in names], self.given)

    def needed_for(self, name: str) -> Pipeline:
        """Only the earlier steps that assign (directly or through their own needs) what `name` requires: the
        analysis a test of that one step starts from."""
        position = self.steps.index(self.step(name))
        wanted = set(self.steps[position].requires)
        kept: list[Step] = []
        for step in reversed(self.steps[:position]):
            if wanted & set(step.assigns):
                kept.append(step)
                wanted |= set(step.requires)
        return Pipeline(kept[::-1], self.given)

    def run(self, analysis: Analysis, progress: Progress | None = None) -> Analysis:
        try:
            for number, step in enumerate(self.steps):
                if progress:
                    progress(step.name, number / len(self.steps))
                if number == self.fork_at:
                    start_ahead(analysis, self.ahead_jobs)
                later = LATER.set(tuple(s.prepare for s in self.steps[number + 1 :] if s.prepare is not None))
                try:
                    step(analysis)
                finally:
                    LATER.reset(later)
                forget_ahead(analysis, step.ahead)
        finally:
            finish_ahead(analysis)
        return analysis
