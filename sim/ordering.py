"""Ranking inside groups, used for capacity limits (a worker's hours, an institution's slots)."""

from __future__ import annotations

import numpy as np


def rank_within(groups: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group, then by ``keys`` (first key most significant); return the order and
    each ordered element's rank inside its group."""
    order = np.lexsort(tuple(reversed(keys)) + (groups,))
    g = groups[order]
    starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1] if len(g) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(g)])
    rank = np.arange(len(g)) - np.repeat(starts, sizes)
    return order, rank
