"""The family table's views of the rows in use, one array or several at once."""

import numpy as np
from conftest import hand_made_state

from sim.population import ACTIVE, Newcomers

COLUMNS = ("status", "severity", "worker")


def test_several_views_are_one_tuple_while_the_rows_stay_and_follow_new_rows():
    cfg, rng, state = hand_made_state(families=3)
    fam = state.families
    views = fam.views(COLUMNS)
    assert views is fam.views(COLUMNS)  # looked up once while no row is added
    assert all(v is fam.view(name) for v, name in zip(views, COLUMNS))
    newcomers = Newcomers(cfg.behaviour.needs, cfg.behaviour.families)
    for _ in range(20):  # past the first capacity: the arrays are replaced
        state.arrive(newcomers, rng["population"], 1)
    status, severity, worker = fam.views(COLUMNS)
    assert len(status) == len(severity) == len(worker) == 23
    assert status.base is fam.status and severity.base is fam.severity
    assert np.all(status == ACTIVE) and np.all(worker >= 0)
