"""Invariants that hold every week in every scenario."""

import numpy as np
import pytest
from conftest import SCENARIOS, scenario_config

from sim.agents.institution import Institution
from sim.agents.social_worker import SocialWorker
from sim.domain import CRISES
from sim.model import KooperacjeModel
from sim.population import ACTIVE, EXITED


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_weekly_invariants(name):
    model = KooperacjeModel(config=scenario_config(name, weeks=60, seed=21))
    initial = model.state.families.n
    inflow = 0
    for _ in range(60):
        model.step()
        row = model.weekly[-1]
        inflow += row["inflow"]
        fam = model.state.families
        status = fam.view("status")
        assert (status == ACTIVE).sum() + (status == EXITED).sum() == initial + inflow
        assert row["active_families"] + row["exited_families"] == initial + inflow
        sev = fam.view("severity")
        assert sev.min() >= 0.0 and sev.max() <= 1.0
        e = fam.view("engagement")
        assert e.min() >= 0.0 and e.max() <= 1.0
        force = model.state.workforce
        used = sum(force.hours.values())
        assert np.all(used <= force.cfg.weekly_hours + 1e-9)
        assert np.all(force.caseload == np.bincount(fam.view("worker")[status == ACTIVE],
                                                    minlength=len(force)))
        for key, value in row.items():
            if key != "week" and isinstance(value, (int, float)) and not np.isnan(value):
                assert value >= 0, key
        assert np.all(fam.view("worker")[status == EXITED] == -1)
    assert sum(model.weekly[-1][f"crises_{c}"] >= 0 for c in CRISES) == len(CRISES)


def test_each_worker_and_institution_has_its_mesa_agent():
    model = KooperacjeModel(seed=1, weeks=1)
    workers = model.agents_by_type[SocialWorker]
    institutions = model.agents_by_type[Institution]
    assert [a.index for a in workers] == list(range(len(model.state.workforce)))
    assert [a.index for a in institutions] == list(range(len(model.state.institutions)))
    assert [a.unique_id for a in model.agents] == list(range(1, len(model.agents) + 1))
    assert [a.caseload for a in workers] == model.state.workforce.caseload.tolist()
