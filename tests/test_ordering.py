"""Orders the results depend on: a stable sort by runs is numpy's stable sort."""

import numpy as np
import pytest

from sim.ordering import order_by, rank_within, stable_order
from sim.processes.services import _by_need_and_arrival


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


@pytest.mark.parametrize("seed", range(6))
def test_order_by_group_then_key_is_two_stable_sorts(seed):
    rng = np.random.default_rng(seed)
    for n in (0, 1, 2, 33, 500, 5000):
        for spread in (3, 3 * n + 2, 10 * n + 2):  # groups dense, then sparse (sorted at once)
            groups = rng.integers(-2, spread, n)
            key = np.round(rng.random(n) * 10.0, seed % 3)  # coarse keys tie within a group
            by_key = np.argsort(key, kind="mergesort")
            expected = by_key[np.argsort(groups[by_key], kind="mergesort")]
            assert order_by(groups, key).tolist() == expected.tolist()


def test_rank_within_ranks_each_group_by_key_ties_in_given_order():
    order, rank = rank_within(np.array([2, 0, 2, 0, 2]), np.array([0.5, 0.3, 0.1, 0.3, 0.5]))
    assert order.tolist() == [1, 3, 2, 0, 4]
    assert rank.tolist() == [0, 1, 0, 1, 2]


def test_referrals_waiting_for_a_take_over_go_by_need_then_week_queued_then_die():
    rng = np.random.default_rng(0)
    need = rng.integers(0, 10, 300).astype(np.int16)
    queued = rng.integers(40, 60, 300).astype(np.int32)
    tie = np.round(rng.random(300), 1)  # equal triples keep their order
    order = _by_need_and_arrival(need, queued, tie)
    assert order.tolist() == np.lexsort((np.arange(300), tie, queued, need)).tolist()
    assert len(_by_need_and_arrival(need[:0], queued[:0], tie[:0])) == 0
