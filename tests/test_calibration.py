"""Calibration targets, the fit routine, validation and the provenance table."""

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from sim import calibration
from sim.config import CALIBRATION, SimConfig
from sim.configure import compose_config
from sim.study.study import run_study


def test_fit_recovers_a_known_inflow_and_hazard(monkeypatch):
    """On a stand-in for the simulation whose patterns depend smoothly on two parameters, the
    least-squares fit finds the values that produce the targets."""
    targets = calibration.TARGETS
    true_inflow, true_hazard = 3.0, 0.2
    nk = targets["crisis_rates"]["niebieska_karta"]["measure"]

    def simulated(cfg: SimConfig) -> dict:
        out = {f"reason_{n}": v for n, v in targets["reasons"]["values"].items()}
        out.update({t["measure"]: t["value"] for t in targets["crisis_rates"].values()})
        out["families_ratio"] = (cfg.behaviour.families.inflow_per_1000 / true_inflow) ** 0.7
        out[nk] *= cfg.behaviour.needs.crisis_hazard["niebieska_karta"] / true_hazard
        return out

    monkeypatch.setattr(calibration, "baseline", lambda cfg, seeds, n_jobs: [cfg])
    monkeypatch.setattr(calibration, "mean_measures", lambda results: simulated(results[0]))
    cfg = SimConfig()
    cfg.behaviour.families.inflow_per_1000 = 9.0
    keys = ["behaviour.families.inflow_per_1000", "behaviour.needs.crisis_hazard.niebieska_karta"]
    fitted, history = calibration.fit(cfg, seeds=[1], max_evaluations=60, n_jobs=1,
                                      log=lambda _: None, keys=keys)
    assert history["cost"].min() < 1e-4 < history["cost"].iloc[0]
    assert fitted.behaviour.families.inflow_per_1000 == pytest.approx(true_inflow, rel=0.01)
    assert fitted.behaviour.needs.crisis_hazard["niebieska_karta"] == pytest.approx(true_hazard,
                                                                                 rel=0.01)


def test_a_fitted_value_on_a_bound_is_reported():
    cfg = SimConfig()
    lo, _ = calibration.TARGETS["fit_bounds"]["behaviour.needs.crisis_hazard"]
    cfg.behaviour.needs.crisis_hazard["eviction"] = lo
    assert calibration.at_bounds(cfg) == ["behaviour.needs.crisis_hazard.eviction"]
    assert calibration.at_bounds(SimConfig()) == CALIBRATION["at_bounds"]


def test_stored_fit_has_date_targets_and_values():
    assert CALIBRATION["date"] and CALIBRATION["targets_text"]
    assert SimConfig().behaviour.families.inflow_per_1000 == pytest.approx(
        CALIBRATION["fitted"]["behaviour.families.inflow_per_1000"])
    hazards = SimConfig().behaviour.needs.crisis_hazard
    for crisis in calibration.TARGETS["crisis_rates"]:
        assert hazards[crisis] == pytest.approx(
            CALIBRATION["fitted"][f"behaviour.needs.crisis_hazard.{crisis}"])


def test_default_baseline_keeps_coverage_and_reasons_within_tolerance_across_seeds(tmp_path):
    overrides = ["+experiment=validate", "replications=3", "jobs=2"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    table = pd.read_csv(tmp_path / "validation.csv").set_index("pattern")
    assert table.loc["coverage_persons_share", "within"]
    assert table.loc["families_ratio", "within"]
    reasons = table[table.index.str.startswith("reason_")]
    assert len(reasons) == 10 and reasons["within"].all(), reasons
    for spec in calibration.TARGETS["crisis_rates"].values():
        assert table.loc[spec["measure"], "within"], table.loc[spec["measure"]]
    assert (tmp_path / "figures" / "validation.png").exists()


def test_k3d_params_lists_every_parameter_with_unit_and_source(tmp_path):
    out = tmp_path / "params.csv"
    proc = subprocess.run([sys.executable, "-c", "from sim.params_cli import main; main()",
                           "--csv", str(out), "--md", str(tmp_path / "params.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out, keep_default_na=False)
    assert len(table) > 100
    assert (table["unit"] != "").all() and (table["source"] != "").all()
    assert "behaviour.families.inflow_per_1000" in set(table["parameter"])
    assert "fitted" in table.set_index("parameter").loc["behaviour.families.inflow_per_1000",
                                                          "source"]
    assert re.search(r"^\| parameter\s+\| value", (tmp_path / "params.md").read_text(), re.M)


def test_targets_name_their_sources():
    targets = json.loads(json.dumps(calibration.TARGETS))
    assert targets["coverage"]["source"] and targets["reasons"]["source"]
    assert all(spec["source"] and spec["value"] > 0 for spec in targets["crisis_rates"].values())
    for spec in targets["validation"].values():
        assert spec["source"]
        assert spec.get("tolerance", 0) > 0 or spec["low"] < spec["high"]


def test_every_municipality_preset_loads_and_runs():
    from sim.api import run
    from sim.configure import options

    presets = options("municipality")
    assert {"default", "rybnik", "zawiercie"} <= set(presets) and len(presets) >= 6
    for name in presets:
        cfg = compose_config([f"municipality={name}", "weeks=3"])
        assert cfg.municipality.name == name
        result = run(cfg)
        assert len(result.weekly) == 3 and result.weekly["active_families"].iloc[0] > 0


def test_unknown_preset_lists_the_available_ones(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "from sim.cli import main; main()",
                           "municipality=gotham"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and "rybnik" in line and "zawiercie" in line and "default" in line


def test_validation_fails_a_rare_reason_at_half_its_target(monkeypatch):
    targets = calibration.TARGETS
    simulated = {key: spec["value"] for key, spec in targets["validation"].items()}
    simulated.update({f"reason_{n}": v for n, v in targets["reasons"]["values"].items()})
    simulated["reason_violence"] /= 2
    monkeypatch.setattr(calibration, "mean_measures", lambda results: simulated)
    table = calibration.validation_table({"x": []}).set_index("pattern")
    assert not table.loc["reason_violence", "within"]
    assert table.drop("reason_violence")["within"].all()
