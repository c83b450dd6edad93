"""Choosing an institution from cumulative shares (sim/agents/institution.py)."""

import numpy as np

from sim.agents.institution import first_above


def _one_search_at_a_time(table, need, u):
    """How many shares of row ``need`` are at most ``u`` (NaN counts as above), at most the
    last institution: numpy's own binary search."""
    n = table.shape[1]
    return np.array([min(np.searchsorted(np.nan_to_num(table[j], nan=np.inf), x, "right"), n - 1)
                     for j, x in zip(need, u)])


def test_the_searches_side_by_side_find_what_one_search_at_a_time_finds():
    rng = np.random.default_rng(3)
    for institutions in (1, 2, 3, 7, 16, 33):
        weights = rng.random((4, institutions)) * (rng.random((4, institutions)) < 0.7)
        weights[3] = 0.0  # a need no institution takes: its shares are NaN
        with np.errstate(invalid="ignore"):
            table = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
        need = rng.integers(0, 4, 500)
        # uniforms, and the shares themselves (ties go to the next institution)
        u = np.where(rng.random(500) < 0.3, np.nan_to_num(table[need, rng.integers(
            0, institutions, 500)]), rng.random(500))
        found = first_above(table, need, u)
        assert np.array_equal(found, _one_search_at_a_time(table, need, u)), institutions
        assert (found[need == 3] == 0).all()


def test_without_institutions_nothing_is_chosen():
    assert list(first_above(np.empty((2, 0)), np.array([0, 1]), np.array([0.5, 0.5]))) == [-1, -1]
