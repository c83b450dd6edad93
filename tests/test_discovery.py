"""Scenario discovery (PRIM) finds the conditions under which a scenario does not pay off."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis.discovery import cases, discover


def study(n=300, seed=0, bad=lambda sharing, fpw: sharing < 0.3 and fpw > 40):
    """Pairs of runs whose answer is known: the scenario loses exits exactly when ``bad``."""
    rng = np.random.default_rng(seed)
    rows = []
    for r in range(n):
        sharing, other, noise = rng.uniform(0, 1, 3)
        fpw = float(rng.choice([27.0, 50.0]))
        gain = -5 if bad(sharing, fpw) else 10
        for scenario, exits in (("siloed", 100), ("kooperacje_3d", 100 + gain)):
            rows.append({"cell": "c", "replication": r, "scenario": scenario,
                         "exits_to_independence": exits + int(rng.integers(-2, 3)),
                         "cost_per_exit": 1000.0, "mean_caseload": fpw,
                         "param:scenario.pzk.information_sharing": sharing,
                         "param:scenario.zzk.meeting_hours_per_month": other,
                         "param:behaviour.needs.noise": noise})
    return pd.DataFrame(rows)


def test_prim_recovers_a_known_box_and_leaves_irrelevant_parameters_free():
    found = discover(study(), "siloed", "kooperacje_3d", criterion="no_gain")
    box = found.box.set_index("parameter")
    assert set(box.index) == {"scenario.pzk.information_sharing", "families_per_worker"}
    assert box.loc["scenario.pzk.information_sharing", "high"] == pytest.approx(0.3, abs=0.05)
    assert box.loc["scenario.pzk.information_sharing", "restricted_high"]
    assert 27 < box.loc["families_per_worker", "low"] <= 50
    assert found.coverage >= 0.5 and found.density > 0.9
    assert found.trajectory["coverage"].is_monotonic_decreasing


def test_cases_pair_runs_by_replication_and_apply_the_criterion():
    data = study(n=20)
    data.loc[(data["scenario"] == "kooperacje_3d") & (data["replication"] == 3),
             "cost_per_exit"] = 2000.0
    x, y = cases(data, "siloed", "kooperacje_3d", criterion="costlier")
    assert len(x) == 20 and y.tolist() == [r == 3 for r in range(20)]
    assert "families_per_worker" in x and "scenario.pzk.information_sharing" in x
    with pytest.raises(ValueError, match="allowed no_gain, costlier, either"):
        cases(data, "siloed", "kooperacje_3d", criterion="cheaper")


def test_nothing_to_discover_when_the_scenario_always_or_never_pays_off():
    assert discover(study(n=40, bad=lambda s, f: False), "siloed", "kooperacje_3d",
                    criterion="no_gain") is None
    assert discover(study(n=40, bad=lambda s, f: True), "siloed", "kooperacje_3d",
                    criterion="no_gain") is None
