"""The study (main job): its files, comparison, report and manifest; small studies and jobs.

Resumed studies: test_study_resume.py; sweeps: test_study_sweeps.py."""

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import sim
from sim.areas import AREAS
from sim.study.plan import Job
from sim.study.runner import failures, run_jobs

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
REPORT = [sys.executable, "-c", "from sim.cli import report_main; report_main()"]
SCENARIOS = ("siloed", "costs_only", "pzk", "pzk_zzk", "kooperacje_3d", "without_basket",
             "without_leader")
MAIN = "families_per_worker=27"  # the default preset's own caseload (680 families, 25 workers)


def k3d(*args, cwd, cmd=K3D, **kw):
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A small main job, run once for the tests that read it."""
    root = tmp_path_factory.mktemp("study") / "run"
    proc = k3d("replications=3", "weeks=8", "jobs=2", f"hydra.run.dir={root}",
               cwd=root.parent)
    assert proc.returncode == 0, proc.stderr
    return root, proc


def test_main_job_writes_every_file(study):
    root, proc = study
    for name in ("runs.parquet", "summary.csv", "comparison.csv", "report.md", "report.html",
                 "study.json"):
        assert (root / name).exists(), name
    for name in ("inaction_costs.csv", "decomposition.csv", "manifest.json"):
        assert (root / name).exists(), name
    figs = sorted(p.name for p in (root / "figures").glob("*.png"))
    cards = [f"inaction_{area}.png" for area in AREAS]
    assert figs == sorted(["by_cell.png", "cost_effect.png", "forest.png", "over_time.png",
                           "worker_time.png", *cards])
    runs = pd.read_parquet(root / "runs.parquet")
    assert len(runs) == 7 * 2 * 3 * 8  # scenarios x caseload cells x replications x weeks
    assert set(runs["scenario"]) == set(SCENARIOS)
    assert set(runs["cell"]) == {"families_per_worker=27", "families_per_worker=50"}
    summary = pd.read_csv(root / "summary.csv")
    assert len(summary) == 7 * 2 * 3
    # common random numbers: replication r has seed 42 + r in every scenario
    assert (summary["seed"] == 42 + summary["replication"]).all()
    html = (root / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 5 + len(AREAS)
    assert "k3d replications=3 weeks=8" in (root / "report.md").read_text()
    assert "wall time" in proc.stdout


def test_comparison_intervals_contain_the_mean_difference(study):
    comp = pd.read_csv(study[0] / "comparison.csv")
    assert set(comp["scenario"]) == set(SCENARIOS)
    ok = comp.dropna(subset=["ci_low"])
    assert len(ok) > 40
    assert (ok["ci_low"] <= ok["mean_difference"]).all()
    assert (ok["mean_difference"] <= ok["ci_high"]).all()
    base = comp[comp["scenario"] == "siloed"].dropna(subset=["mean_difference"])
    assert len(base) > 10 and (base["mean_difference"] == 0).all()


def test_paired_differences_match_the_summary(study):
    summary = pd.read_csv(study[0] / "summary.csv")
    summary = summary[summary["cell"] == MAIN]
    comp = pd.read_csv(study[0] / "comparison.csv")
    comp = comp[comp["cell"] == MAIN].set_index(["scenario", "outcome"])
    wide = summary.pivot(index="replication", columns="scenario", values="crises_total")
    expected = (wide["pzk_zzk"] - wide["siloed"]).mean()
    assert comp.loc[("pzk_zzk", "crises_total"), "mean_difference"] == pytest.approx(expected)


def test_identical_cooperation_gives_exactly_zero_difference(tmp_path):
    root = tmp_path / "same"
    proc = k3d("study.scenarios=[siloed,pzk]", "scenario.pzk.enabled=false", "replications=2",
               "weeks=10", "jobs=1", f"hydra.run.dir={root}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    comp = pd.read_csv(root / "comparison.csv")
    pzk = comp[comp["scenario"] == "pzk"].dropna(subset=["mean_difference"])
    assert len(pzk) > 10
    assert (pzk["mean_difference"] == 0).all() and (pzk["ci_low"] == 0).all()


def test_k3d_report_rebuilds_the_same_comparison(study, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(study[0], copy)
    for name in ("comparison.csv", "report.md", "report.html", "runs.parquet", "summary.csv"):
        (copy / name).unlink()
    shutil.rmtree(copy / "figures")
    proc = k3d(str(copy), cwd=tmp_path, cmd=REPORT)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_csv(copy / "comparison.csv"),
                                  pd.read_csv(study[0] / "comparison.csv"))
    assert (copy / "report.html").exists() and (copy / "figures" / "forest.png").exists()
    from sim.manifest import verified

    assert verified(copy)  # the rebuilt files are the ones the manifest lists


def test_report_in_polish(study, tmp_path):
    copy = tmp_path / "pl"
    shutil.copytree(study[0], copy)
    proc = k3d(str(copy), "--lang", "pl", cwd=tmp_path, cmd=REPORT)
    assert proc.returncode == 0, proc.stderr
    text = (copy / "report.pl.md").read_text()
    assert "Podsumowanie" in text and "usamodzielnienia" in text


def test_one_failed_job_does_not_stop_the_others(tmp_path):
    good = sim.SimConfig()
    good.weeks = 3
    bad = sim.SimConfig()
    bad.weeks = 3
    bad.municipality.social_workers = 0  # refused by validation inside the run
    jobs = [Job("base", "siloed", 0, good), Job("base", "broken", 0, bad),
            Job("base", "siloed", 1, good)]
    outcomes = run_jobs(tmp_path, jobs, n_jobs=1, progress=False)
    assert [o.ok for o in outcomes] == [True, False, True]
    listed = failures(tmp_path)
    assert len(listed) == 1 and listed[0][0] == "base/broken/r0000"
    assert "municipality.social_workers=0" in listed[0][1]


def test_study_draws_parameters_once_per_replication_and_writes_prob_better_and_drivers(study):
    root = study[0]
    summary = pd.read_csv(root / "summary.csv")
    drawn = [c for c in summary.columns if c.startswith("param:")]
    assert len(drawn) >= 15
    # every scenario and caseload cell of replication r carries the same draw
    assert (summary.groupby("replication")[drawn].nunique() == 1).all().all()
    assert summary.groupby("scenario")[drawn[0]].nunique().eq(3).all()
    comp = pd.read_csv(root / "comparison.csv")
    comp = comp.dropna(subset=["prob_better"])  # cost_per_exit is undefined without exits
    assert len(comp) > 100 and comp["prob_better"].between(0, 1).all()
    assert (comp.loc[comp["scenario"] == "siloed", "prob_better"] == 0.5).all()
    drivers = pd.read_csv(root / "drivers.csv")
    assert {"cell", "scenario", "outcome", "parameter", "prcc", "p_value", "rank"} <= set(drivers)
    assert set(drivers["outcome"]) >= {"exits_to_independence", "crises_total", "cost_total"}
    study_json = json.loads((root / "study.json").read_text())
    assert study_json["uncertainty"] == "full" and study_json["priors"]
    assert study_json["workers"] == {"families_per_worker=27": 25, "families_per_worker=50": 14}
    report = (root / "report.md").read_text()
    head = report.split("## Summary")[0]
    assert "better than siloed in" in head and "at 50 families per worker" in head


def test_chance_study_runs_point_values(tmp_path):
    root = tmp_path / "chance"
    proc = k3d("uncertainty=chance", "study.scenarios=[siloed,pzk]",
               "study.families_per_worker=[0]",
               "replications=2", "weeks=4", "jobs=1", f"hydra.run.dir={root}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = pd.read_csv(root / "summary.csv")
    assert not [c for c in summary.columns if c.startswith("param:")]
    for row in summary.itertuples():
        flags = {"scenario__pzk__enabled": True} if row.scenario == "pzk" else {}
        alone = sim.run(weeks=4, seed=int(row.seed), scenario__name=row.scenario, **flags).summary
        assert row.exits_to_independence == alone["exits_to_independence"]
        assert row.cost_total == pytest.approx(alone["cost_total"], rel=1e-12)
    assert "uncertainty=chance" in (root / "report.md").read_text()


def test_jobs_beyond_the_cores_are_capped(capsys):
    from sim.study.study import worker_processes

    cores = len(os.sched_getaffinity(0))
    assert worker_processes(1) == 1
    assert worker_processes(cores + 250) == cores
    assert f"capped at the {cores} cores" in capsys.readouterr().err


def test_a_study_folder_has_a_manifest_of_its_results(study):
    from sim.manifest import verified

    root = study[0]
    manifest = json.loads((root / "manifest.json").read_text())
    study_json = json.loads((root / "study.json").read_text())
    assert manifest["config_hash"] == study_json["fingerprint"]
    assert manifest["seeds"] == [42, 43, 44] and manifest["runs_complete"] == 42
    assert {"comparison.csv", "summary.csv", "runs.parquet", "figures/forest.png"} <= set(
        manifest["files"])
    assert {"numpy", "pandas", "mesa", "hydra-core"} <= set(manifest["versions"])
    assert "replications: 3" in manifest["config"] and verified(root)


def test_a_jobs_outcome_holds_its_summary_as_stored(tmp_path):
    """The study gathers the runs it just made from memory: what it holds must be what reading
    the job's summary.json back gives."""
    from sim.study.runner import job_dir, run_one

    cfg = sim.SimConfig()
    cfg.weeks = 2
    cfg.municipality.initial_families = 20
    job = Job("base", "siloed", 0, cfg, drawn={"scenario.pzk.information_sharing": 0.5})
    outcome = run_one(tmp_path, job)
    assert outcome.ok, outcome.error
    stored = json.loads((job_dir(tmp_path, job) / "summary.json").read_text())
    assert outcome.summary == stored and stored["param:scenario.pzk.information_sharing"] == 0.5
