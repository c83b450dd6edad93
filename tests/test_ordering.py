"""Orders the results depend on: a stable sort by runs is numpy's stable sort."""

import numpy as np
import pytest

from sim.ordering import rank_within, stable_order


@pytest.mark.parametrize("seed", range(6))
def test_stable_order_is_numpys_stable_sort(seed):
    rng = np.random.default_rng(seed)
    for n in (0, 1, 2, 33, 500, 5000):
        groups = rng.integers(0, rng.integers(1, 3 * n + 2), n)
        key = np.round(rng.random(n) * 10.0, seed % 3)  # coarse keys tie within a group
        values = groups + key / (key.max() + 1.0 if n else 1.0)
        assert stable_order(values).tolist() == np.argsort(values, kind="mergesort").tolist()
        spread = rng.integers(0, 4, n) * 1e6 + key  # whole parts far apart: sorted at once
        assert stable_order(spread).tolist() == np.argsort(spread, kind="mergesort").tolist()


def test_rank_within_ranks_each_group_by_key_ties_in_given_order():
    order, rank = rank_within(np.array([2, 0, 2, 0, 2]), np.array([0.5, 0.3, 0.1, 0.3, 0.5]))
    assert order.tolist() == [1, 3, 2, 0, 4]
    assert rank.tolist() == [0, 1, 0, 1, 2]
