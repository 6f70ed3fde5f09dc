"""Running an evaluation over many documents, optionally in worker processes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

R = TypeVar("R")


def run_all(
    function: Callable[..., R],
    jobs_args: Iterable[tuple[Any, ...]],
    jobs: int = 1,
    on_done: Callable[[R], None] | None = None,
) -> list[R]:
    """`function(*args)` for each args tuple, in order; with jobs > 1 in a process pool (largest first is up to
    the caller's ordering of `jobs_args`)."""
    arguments = list(jobs_args)
    results: list[R | None] = [None] * len(arguments)
    if jobs <= 1 or len(arguments) <= 1:
        for i, args in enumerate(arguments):
            results[i] = function(*args)
            if on_done:
                on_done(results[i])
        return results  # type: ignore[return-value]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(function, *args): i for i, args in enumerate(arguments)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if on_done:
                on_done(results[futures[future]])
    return results  # type: ignore[return-value]


def sample(items: list[R], count: int, seed: int = 0) -> list[R]:
    """A reproducible sample of `count` items, kept in their original order."""
    if count <= 0 or not items:
        return []
    if count >= len(items):
        return list(items)
    chosen = sorted(random.Random(seed).sample(range(len(items)), count))
    return [items[i] for i in chosen]
