"""Ranking inside groups, used for capacity limits (a worker's hours, an institution's slots)."""

from __future__ import annotations

import numpy as np


def rank_within(groups: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group, then by ``key`` (non-negative); return the order and each ordered
    element's rank inside its group.

    One float sort of ``group + key / (max key + 1)`` instead of a lexsort: same order, faster.
    """
    key = np.asarray(key, np.float64)
    span = key.max() + 1.0 if len(key) else 1.0
    order = np.argsort(groups + key / span, kind="stable")
    g = groups[order]
    position = np.arange(len(g))
    first = np.ones(len(g), bool)
    first[1:] = g[1:] != g[:-1]
    rank = position - np.maximum.accumulate(np.where(first, position, 0))
    return order, rank
