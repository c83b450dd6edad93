"""Ranking inside groups, used for capacity limits (a worker's hours, an institution's slots)."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def rank_within(groups: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group, then by ``key`` (non-negative), ties in their given order; return the
    order and each ordered element's rank inside its group.

    One stable float sort of ``group + key / (max key + 1)`` instead of a lexsort: same order,
    faster.
    """
    key = key.astype(np.float64)
    span = key.max() + 1.0 if len(key) else 1.0
    order = np.argsort(groups + key / span, kind="mergesort")
    rank = np.empty(len(order), np.int64)
    first = 0
    for i in range(len(order)):
        if i > 0 and groups[order[i]] != groups[order[i - 1]]:
            first = i
        rank[i] = i - first
    return order, rank
