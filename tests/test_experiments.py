"""Named experiments compose, and the special kinds (pilot, sensitivity) produce their analyses."""

import shutil

import pandas as pd
import pytest

from sim.configure import compose_config, options
from sim.study.study import run_study

EXPERIMENTS = ["calibrate", "caseload", "compare_pzk", "covid_shock", "discovery",
               "partnership_composition", "pilot", "rollout", "seniors", "sensitivity",
               "validate"]


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


def test_sensitivity_reports_an_outcome_undefined_in_every_run(tmp_path):
    """A short horizon can leave cost_per_exit NaN everywhere: reported, not a crash."""
    import numpy as np

    from sim.analysis.sensitivity import UNDEFINED, cell_of, sample, save_samples
    from sim.report.experiments import TEXT, drivers

    spec = {"method": "morris", "trajectories": 2, "levels": 4, "target": "kooperacje_3d",
            "outcomes": ["exits_to_independence", "cost_per_exit"],
            "parameters": {"a": [0.0, 1.0], "b": [0.0, 1.0]}}
    x = sample(spec, seed=1)
    save_samples(tmp_path, x, list(spec["parameters"]))
    (tmp_path / "figures").mkdir()
    rows = [{"cell": cell_of(i), "replication": 0, "scenario": scenario,
             "exits_to_independence": float(2 * x[i, 0] * (scenario == "kooperacje_3d")),
             "cost_per_exit": np.nan}
            for i in range(len(x)) for scenario in ("siloed", "kooperacje_3d")]
    study = {"sensitivity": spec, "baseline": "siloed"}
    blocks = drivers(tmp_path, study, pd.DataFrame(rows), "en")
    table = pd.read_csv(tmp_path / "sensitivity.csv")
    undefined = table[table["outcome"] == "cost_per_exit"]
    assert len(undefined) == 2 and (undefined["note"] == UNDEFINED).all()
    ranked = table[table["outcome"] == "exits_to_independence"].set_index("parameter")
    assert ranked.loc["a", "mu_star"] > ranked.loc["b", "mu_star"]
    said = TEXT("en", "undefined")
    assert any(said in line for kind, *rest in blocks if kind == "ul" for line in rest[0])


def test_rollout_projects_every_municipality_type_of_the_region(tmp_path):
    from sim.places import place_types

    overrides = ["+experiment=rollout", "study.region=opolskie", "replications=2", "weeks=8",
                 "jobs=2", "study.scenarios=[siloed,kooperacje_3d]"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    kinds = place_types("opolskie")
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert set(summary["cell"]) == {f"type={k.key}" for k in kinds}
    families = summary.groupby("cell")["active_families"].mean()
    assert families["type=city_county"] > families["type=rural"]  # Opole vs a village gmina
    total = pd.read_csv(tmp_path / "rollout.csv").set_index("outcome")
    assert total.loc["exits_to_independence", "replications"] == 2
    by_type = pd.read_csv(tmp_path / "rollout_by_type.csv")
    crises = by_type[by_type["outcome"] == "crises_total"].set_index("type")
    assert crises["municipalities"].to_dict() == {k.key: k.count for k in kinds}
    assert crises["total"].sum() == pytest.approx(total.loc["crises_total", "difference"])
    report = (tmp_path / "report.md").read_text()
    assert "Roll-out: every municipality of Opole province" in report
    assert "in all 71 municipalities, over 8 weeks" in report


def test_discovery_writes_prims_box_of_the_cases_where_the_scenario_does_not_pay_off(tmp_path):
    overrides = ["+experiment=discovery", "replications=6", "weeks=12", "jobs=2",
                 "study.families_per_worker=[0,50]"]
    run_study(overrides, compose_config(overrides), tmp_path, progress=False)
    box = pd.read_csv(tmp_path / "discovery.csv")
    assert list(box.columns[:6]) == ["scenario", "parameter", "low", "high", "restricted_low",
                                     "restricted_high"]
    report = (tmp_path / "report.md").read_text()
    assert "## Where Kooperacje 3D does not pay off" in report
    if len(box):  # there was something to find
        assert (box["coverage"] >= 0.5).all() and box["cases"].iloc[0] == 12
        assert (box["restricted_low"] | box["restricted_high"]).all()
        assert "does not pay off when" in report
        assert (tmp_path / "figures" / "discovery_tradeoff.en.png").exists()
    else:
        assert "nothing to discover" in report
