"""Named experiments compose, and the special kinds (pilot, sensitivity) produce their analyses."""

import shutil

import pandas as pd
import pytest

from sim.configure import compose_config, options
from sim.study.study import run_study

EXPERIMENTS = ["calibrate", "caseload", "compare_pzk", "covid_shock", "partnership_composition",
               "pilot", "seniors", "sensitivity", "validate"]


def test_every_named_experiment_is_present():
    assert options("experiment") == EXPERIMENTS


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_experiment_composes_to_a_valid_config(name):
    cfg = compose_config([f"+experiment={name}"])
    assert cfg.study.baseline in cfg.study.scenarios or cfg.study.kind == "sensitivity"
    assert cfg.study.title or name in ("compare_pzk", "calibrate", "validate")


def test_covid_shock_raises_needs_and_lowers_exits_in_every_scenario(tmp_path):
    overrides = ["+experiment=covid_shock", "replications=2", "weeks=40", "jobs=2",
                 "study.grid={behaviour.pandemic.start_week:['0','10']}",
                 "study.scenarios=[siloed,pzk]"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    summary = pd.read_csv(tmp_path / "summary.csv").set_index(["scenario", "replication"])
    calm = summary[summary["cell"] == "behaviour.pandemic.start_week=0"]
    shock = summary[summary["cell"] == "behaviour.pandemic.start_week=10"]
    assert len(calm) == len(shock) == 4
    assert (shock["mean_need"] > calm["mean_need"]).all()
    assert (shock["exits_to_independence"] < calm["exits_to_independence"]).all()


def test_partnership_composition_leaves_the_sector_out(tmp_path):
    overrides = ["+experiment=partnership_composition", "replications=1", "weeks=12", "jobs=2",
                 "study.grid={scenario.pzk.excluded:['[]','[police]']}"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert set(summary["cell"]) == {"scenario.pzk.excluded=[]",
                                    "scenario.pzk.excluded=[police]"}
    assert (tmp_path / "figures" / "by_cell.png").exists()


def test_pilot_reports_minimum_detectable_effect_and_power(tmp_path):
    overrides = ["+experiment=pilot", "replications=2", "weeks=40", "jobs=2"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    power = pd.read_csv(tmp_path / "power.csv")
    assert set(power["families_supported"]) == {250, 500}
    assert (power["mde"] > 0).all()
    assert power["power_for_simulated_effect"].between(0, 1).all()
    # more families, smaller detectable effect
    mde = power.pivot(index="outcome", columns="families_supported", values="mde")
    assert (mde[500] < mde[250]).all()
    assert "minimum detectable effect" in (tmp_path / "report.md").read_text()


def test_sensitivity_ranks_every_parameter(tmp_path):
    overrides = ["+experiment=sensitivity", "weeks=20", "study.sensitivity.trajectories=2",
                 "jobs=2"]
    cfg = compose_config(overrides)
    run_study(overrides, cfg, tmp_path, progress=False)
    table = pd.read_csv(tmp_path / "sensitivity.csv")
    params = set(cfg.study.sensitivity.parameters)
    assert set(table["parameter"]) == params
    assert (table["mu_star"] >= 0).all()
    assert (tmp_path / "figures" / "sensitivity.png").exists()
    # the sweep resumes: a second call finds every run complete
    shutil.rmtree(tmp_path / "figures")
    run_study(overrides, cfg, tmp_path, progress=False)
    assert (tmp_path / "figures" / "sensitivity.png").exists()
