"""Gradient-boosted trees read from JSON and evaluated with numpy: the speaker ranker's model at run time.

The trees come from LightGBM at training time (`training/train_speaker_ranker.py`) but the package needs neither
LightGBM nor scikit-learn, nor pickle: each tree is four flat arrays (split feature, threshold, left and right
child) and its leaf values; a child below zero is the leaf `~child`. A feature a candidate lacks is 0, as in
training. Every candidate of a work is scored in one pass, tree by tree, level by level.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        if not len(self.feature):  # a single leaf
            return np.full(len(matrix), self.value[0])
        leaf = np.zeros(len(matrix), dtype=np.int64)
        rows = np.arange(len(matrix))  # the rows still inside the tree, and the node each is at
        node = np.zeros(len(matrix), dtype=np.int64)
        while len(rows):
            goes_left = matrix[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
            out = node < 0
            leaf[rows[out]] = ~node[out]
            rows, node = rows[~out], node[~out]
        return self.value[leaf]


@dataclass(frozen=True)
class Forest:
    features: tuple[str, ...]
    trees: tuple[Tree, ...]
    base: float = 0.0

    @classmethod
    def from_json(cls, raw: dict) -> Forest:
        return cls(tuple(raw["features"]), tuple(Tree.from_json(t) for t in raw["trees"]), float(raw.get("base", 0.0)))

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        column = {name: index for index, name in enumerate(self.features)}
        matrix = np.zeros((len(rows), len(self.features)))
        for row, features in enumerate(rows):
            for name, value in features.items():
                index = column.get(name)
                if index is not None:
                    matrix[row, index] = value
        return matrix

    def scores(self, rows: list[dict[str, float]]) -> np.ndarray:
        """The raw score (log-odds that the candidate speaks) of each feature dictionary."""
        matrix = self.matrix(rows)
        total = np.full(len(rows), self.base)
        for tree in self.trees:
            total += tree.predict(matrix)
        return total
