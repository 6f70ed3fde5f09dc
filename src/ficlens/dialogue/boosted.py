"""Gradient-boosted trees read from JSON and evaluated with numpy: the speaker ranker's model at run time.

The trees come from LightGBM at training time (`training/train_speaker_ranker.py`) but the package needs neither
LightGBM nor scikit-learn, nor pickle: each tree is four flat arrays (split feature, threshold, left and right
child) and its leaf values; a child below zero is the leaf `~child`. A feature a candidate lacks is 0, as in
training.

A descent tree by tree costs a numpy call per level of each of hundreds of trees, so the whole forest is scored
at once instead, by the exit-leaf rule of QuickScorer (Lucchese et al., SIGIR 2015): with the leaves numbered
from left to right, the leaf a row reaches is the leftmost one outside the left subtree of every split it fails
(goes right at). The forest's distinct splits ("feature > threshold") are tested for all rows in one 0/1 matrix;
its product with each split's bit in each tree gives, per row and tree, the code of the splits the row fails
(sums of distinct powers of two below 2**24: exact in float32); each byte of a code indexes a table of the leaves
those splits leave, and the lowest leaf left is the exit. Same comparisons, same leaves, and the trees' values
summed in the trees' order: the same scores, bit for bit, as a descent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from threadpoolctl import ThreadpoolController

MAX_LEAVES = 16
"""The most leaves a tree may have (a 16-bit mask of leaves; training uses LightGBM's `num_leaves` 15)."""
CODE_BITS = 8
"""Split bits per table look-up: a tree's table has 2**8 rows per byte of its code."""
ROWS_AT_ONCE = 512
"""Rows scored in one matrix product: bounds the condition matrix (distinct splits x rows, ~1.5 MB)."""

_ALL_LEAVES = np.uint16(0xFFFF)


def _lowest_bits() -> np.ndarray:
    """The position of each 16-bit mask's lowest set bit (its leftmost leaf): frexp's exponent of that bit."""
    masks = np.arange(1 << MAX_LEAVES)
    return np.frexp((masks & -masks).astype(np.float64))[1].astype(np.intp) - 1


_LOWEST_BIT = _lowest_bits()


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """numpy's BLAS, held to one thread for the product: a second thread spins more CPU time than it saves on
    products this small, and the other core may be parsing or scoring."""
    return ThreadpoolController()


@dataclass(frozen=True)
class Tree:
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    @classmethod
    def from_json(cls, raw: dict) -> Tree:
        return cls(
            np.asarray(raw["feature"], dtype=np.int64),
            np.asarray(raw["threshold"], dtype=np.float64),
            np.asarray(raw["left"], dtype=np.int64),
            np.asarray(raw["right"], dtype=np.int64),
            np.asarray(raw["value"], dtype=np.float64),
        )

    def splits(self) -> list[tuple[int, float]]:
        """(feature, threshold) of each split node, by node number."""
        return list(zip(self.feature.tolist(), self.threshold.tolist(), strict=True))

    def leaf_order(self) -> tuple[list[int], list[int]]:
        """The leaves from left to right, and per split the mask of the leaves (by that order) outside its left
        subtree: those a row that fails the split can still reach."""
        order: list[int] = []
        kept = [0] * len(self.feature)

        def walk(child: int) -> int:
            if child < 0:
                order.append(~child)
                return 1 << (len(order) - 1)
            below_left = walk(int(self.left[child]))
            below = below_left | walk(int(self.right[child]))
            kept[child] = 0xFFFF & ~below_left
            return below

        walk(0 if len(self.feature) else ~0)
        return order, kept


@dataclass(frozen=True)
class _Compiled:
    """The forest as arrays for scoring all trees at once (see the module's docstring)."""

    thresholds: np.ndarray
    """The threshold of each distinct split, sorted by feature and threshold ..."""
    spans: tuple[tuple[int, int, int], ...]
    """... and each feature's span of them: (feature, first, end)."""
    bits: np.ndarray
    """Trees x distinct splits (float32): the sum of the bits of the nodes of the tree with that split."""
    tables: np.ndarray
    """Code bytes x (trees * 256): the mask of the leaves left when the byte's splits fail."""
    values: np.ndarray
    """Trees x leaves: the leaf values, leaves in left-to-right order."""

    @classmethod
    def of(cls, trees: tuple[Tree, ...]) -> _Compiled:
        splits = sorted({split for tree in trees for split in tree.splits()})
        index = {split: number for number, split in enumerate(splits)}
        nodes = max((len(tree.feature) for tree in trees), default=0)
        chunks = max(1, -(-nodes // CODE_BITS))
        bits = np.zeros((len(trees), len(splits)), dtype=np.float32)
        kept_by_node = np.full((chunks * CODE_BITS, len(trees)), _ALL_LEAVES)
        values = np.zeros((len(trees), max((len(tree.value) for tree in trees), default=1)))
        for number, tree in enumerate(trees):
            if len(tree.value) > MAX_LEAVES:
                raise ValueError(f"a tree of the speaker ranker has {len(tree.value)} leaves (at most {MAX_LEAVES})")
            order, kept = tree.leaf_order()
            values[number, : len(order)] = tree.value[order]
            kept_by_node[: len(kept), number] = kept
            for node, split in enumerate(tree.splits()):
                bits[number, index[split]] += 1 << node
        tables = np.full((chunks, len(trees), 1 << CODE_BITS), _ALL_LEAVES)
        for bit in range(CODE_BITS):  # a code with this bit set: the masks without it, and this split's mask
            low = 1 << bit
            tables[:, :, low : 2 * low] = tables[:, :, :low] & kept_by_node[bit::CODE_BITS, :, None]
        features = [f for f, _ in splits]
        spans = tuple((f, features.index(f), len(features) - features[::-1].index(f)) for f in dict.fromkeys(features))
        return cls(
            np.array([t for _, t in splits], dtype=np.float64),
            spans,
            bits,
            tables.reshape(chunks, -1),
            values,
        )

    def scores(self, columns: np.ndarray, base: float) -> np.ndarray:
        """The summed leaf values of rows given feature by feature (features x rows)."""
        trees = len(self.values)
        total = np.full(columns.shape[1], base)
        failed = np.empty((len(self.thresholds), min(ROWS_AT_ONCE, columns.shape[1])), dtype=np.float32)
        table_start = (np.arange(trees, dtype=np.intp) << CODE_BITS)[:, None]
        value_start = (np.arange(trees, dtype=np.intp) * self.values.shape[1])[:, None]
        for start in range(0, columns.shape[1], ROWS_AT_ONCE):
            rows = columns[:, start : start + ROWS_AT_ONCE]
            out = failed[:, : rows.shape[1]]
            for feature, first, end in self.spans:  # each split failed (1) or not (0), a feature at a time
                np.greater(rows[feature], self.thresholds[first:end, None], out=out[first:end], casting="unsafe")
            with _blas().limit(limits=1, user_api="blas"):
                codes = (self.bits @ out).astype(np.intp)  # trees x rows
            left = np.full(codes.shape, _ALL_LEAVES)
            for chunk, table in enumerate(self.tables):
                left &= table[((codes >> (chunk * CODE_BITS)) & ((1 << CODE_BITS) - 1)) + table_start]
            leaf_values = self.values.ravel()[_LOWEST_BIT[left] + value_start]
            part = total[start : start + rows.shape[1]]
            for tree_values in leaf_values:  # tree by tree, as a descent adds them
                part += tree_values
        return total


@dataclass(frozen=True)
class Forest:
    features: tuple[str, ...]
    trees: tuple[Tree, ...]
    base: float = 0.0
    compiled: _Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", _Compiled.of(self.trees))

    @classmethod
    def from_json(cls, raw: dict) -> Forest:
        return cls(tuple(raw["features"]), tuple(Tree.from_json(t) for t in raw["trees"]), float(raw.get("base", 0.0)))

    def columns(self, rows: list[dict[str, float]]) -> np.ndarray:
        """The feature matrix, one row per feature (features x rows)."""
        column = {name: index for index, name in enumerate(self.features)}
        matrix = np.zeros((len(self.features), len(rows)))
        for row, features in enumerate(rows):
            for name, value in features.items():
                index = column.get(name)
                if index is not None:
                    matrix[index, row] = value
        return matrix

    def scores(self, rows: list[dict[str, float]]) -> np.ndarray:
        """The raw score (log-odds that the candidate speaks) of each feature dictionary."""
        return self.compiled.scores(self.columns(rows), self.base)
