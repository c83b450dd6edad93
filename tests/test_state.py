"""The state's own operations on small hand-made inputs."""

import numpy as np
import pytest

from sim.state import _least_loaded


@pytest.mark.parametrize("seed", range(4))
def test_each_family_in_turn_gets_the_least_loaded_worker_the_first_of_equals(seed):
    rng = np.random.default_rng(seed)
    caseload = rng.integers(0, 6, rng.integers(1, 40))
    families = rng.integers(0, 3 * len(caseload))
    expected_load, expected = caseload.copy(), []
    for _ in range(families):
        w = int(np.argmin(expected_load))  # numpy's argmin: the first of equals
        expected.append(w)
        expected_load[w] += 1
    worker = np.full(families, -1)
    _least_loaded(np.arange(families), worker, caseload)
    assert worker.tolist() == expected
    assert caseload.tolist() == expected_load.tolist()
