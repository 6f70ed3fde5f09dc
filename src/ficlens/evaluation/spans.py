"""Span and name helpers shared by the corpus scorers."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Generic, TypeVar

T = TypeVar("T")

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def normalise(name: str) -> str:
    """The form names are compared in: casefolded, italics underscores and edge punctuation removed,
    a trailing possessive ('s, s') stripped, a leading "the" dropped, whitespace collapsed to single spaces.

    Inner punctuation is kept, so "Mr. Darcy" and "Mr Darcy" stay different surface forms.
    """
    text = _SPACE.sub(" ", name.replace("_", " ")).strip().casefold()
    text = text.replace("\u2019", "'")
    text = _EDGE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    # The possessive may have hidden more edge punctuation ("Mr. Bennet.'s" is rare, but cheap to handle).
    text = _EDGE.sub("", text).strip()
    return text[4:] if text.startswith("the ") else text


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def covers_half(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    """True when the predicted span covers at least half of the gold span (the detection rule)."""
    length = gold[1] - gold[0]
    if length <= 0:
        return pred[0] <= gold[0] < pred[1]
    return 2 * overlap(pred[0], pred[1], gold[0], gold[1]) >= length


class SpanIndex(Generic[T]):
    """Spans with payloads, searchable for the ones that overlap a query span."""

    def __init__(self, items: Sequence[tuple[int, int, T]]) -> None:
        self.items = sorted(items, key=lambda item: (item[0], item[1]))
        self.starts = [item[0] for item in self.items]
        self.max_len = max((end - start for start, end, _ in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """Spans that share at least one character with [start, end) (or contain `start` when it is empty)."""
        end_key = max(end, start + 1)
        index = bisect_left(self.starts, end_key) - 1
        floor = start - self.max_len
        while index >= 0 and self.starts[index] >= floor:
            item = self.items[index]
            if item[1] > start:
                yield item
            index -= 1

    def best(self, start: int, end: int) -> tuple[tuple[int, int, T] | None, int]:
        """The span with the largest overlap with [start, end), and that overlap (ties: the earliest span)."""
        best_item = None
        best_overlap = 0
        for item in self.overlapping(start, end):
            size = overlap(item[0], item[1], start, end)
            earlier = best_item is not None and item[0] < best_item[0]
            if size > best_overlap or (size == best_overlap and earlier):
                best_item, best_overlap = item, size
        if best_item is None and end <= start:
            for item in self.overlapping(start, end):
                return item, 0
        return best_item, best_overlap


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


class ScoreRecord:
    """Mixin for score dataclasses: a JSON-ready dict with the metrics and the first `errors` errors."""

    def to_dict(self, errors: int = 0) -> dict:
        data = asdict(self)  # type: ignore[call-overload]
        data["errors"] = data["errors"][:errors] if errors else []
        data["metrics"] = self.metrics()  # type: ignore[attr-defined]
        return data
