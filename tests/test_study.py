"""The study (main job), sweeps, resume and report rebuilding."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def test_resumed_study_runs_only_what_is_missing(study, tmp_path):
    copy = tmp_path / "resume"
    shutil.copytree(study[0], copy)
    shutil.rmtree(copy / "jobs" / MAIN / "pzk" / "r0001")
    (copy / "jobs" / MAIN / "pzk" / ".r0002.tmp-999").mkdir()  # a killed job's leftovers
    kept = (copy / "jobs" / MAIN / "siloed" / "r0000" / "summary.json").stat().st_mtime_ns
    proc = k3d("replications=3", "weeks=8", "jobs=2", f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "41 of 42 runs already complete" in proc.stderr
    assert (copy / "jobs" / MAIN / "siloed" / "r0000" / "summary.json").stat().st_mtime_ns == kept
    pd.testing.assert_frame_equal(pd.read_csv(copy / "comparison.csv"),
                                  pd.read_csv(study[0] / "comparison.csv"))


def test_a_rerun_with_fewer_replications_reports_exactly_those(study, tmp_path):
    """Runs of a larger study in the same folder are kept on disk but never gathered."""
    copy = tmp_path / "fewer"
    shutil.copytree(study[0], copy)
    proc = k3d("replications=2", "weeks=8", "jobs=2", f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = pd.read_csv(copy / "summary.csv")
    assert sorted(summary["replication"].unique()) == [0, 1]
    comparison = pd.read_csv(copy / "comparison.csv")
    assert (comparison["n_pairs"] <= 2).all()
    assert (comparison.loc[comparison["outcome"] == "exits_to_independence", "n_pairs"] == 2).all()
    assert (copy / "jobs" / MAIN / "siloed" / "r0002" / "summary.json").exists()


def test_a_leftover_temporary_job_folder_is_never_gathered(study, tmp_path):
    copy = tmp_path / "leftover"
    shutil.copytree(study[0], copy)
    leftover = copy / "jobs" / MAIN / "pzk" / ".r0001.tmp-999"
    shutil.copytree(copy / "jobs" / MAIN / "pzk" / "r0001", leftover)
    summary = json.loads((leftover / "summary.json").read_text())
    (leftover / "summary.json").write_text(json.dumps({**summary, "replication": 7}))
    proc = k3d("replications=3", "weeks=8", "jobs=2", f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert 7 not in set(pd.read_csv(copy / "summary.csv")["replication"])
    assert not leftover.exists()


def test_joblib_sweep_gives_the_same_numbers_as_runs_one_by_one(tmp_path):
    sweep = tmp_path / "sweep"
    proc = k3d("-m", "hydra/launcher=joblib", "scenario=siloed,pzk", "seed=1,2", "weeks=6",
               f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(sweep / "sweep_summary.csv")
    assert len(table) == 4
    for row in table.itertuples():
        flags = {"scenario__pzk__enabled": True} if row.scenario == "pzk" else {}
        alone = sim.run(weeks=6, seed=int(row.seed), scenario__name=row.scenario, **flags).summary
        for key in ("exits_to_independence", "crises_total", "cost_total", "referrals_made",
                    "hidden_needs", "mean_need"):
            assert getattr(row, key) == pytest.approx(alone[key], rel=1e-12), key


def _complete(sweep: Path) -> int:
    return sum(1 for p in sweep.glob("*/status.json")
               if json.loads(p.read_text())["state"] == "complete")


def test_killed_sweep_completes_on_rerun_without_recomputing(tmp_path):
    args = ["-m", "seed=1,2,3,4", "scenario=siloed", "weeks=400"]
    sweep = tmp_path / "killed"
    proc = subprocess.Popen([*K3D, *args, f"hydra.sweep.dir={sweep}"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while _complete(sweep) < 1 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = {p.parent.name: p.stat().st_mtime_ns for p in sweep.glob("*/summary.json")
                   if json.loads((p.parent / "status.json").read_text())["state"] == "complete"}
    assert 1 <= len(done_before) < 4
    rerun = k3d(*args, f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("already complete, skipping") == len(done_before)
    for name, mtime in done_before.items():
        assert (sweep / name / "summary.json").stat().st_mtime_ns == mtime
    whole = tmp_path / "whole"
    assert k3d(*args, f"hydra.sweep.dir={whole}", cwd=tmp_path).returncode == 0
    cols = lambda f: f.drop(columns=["job"])  # noqa: E731
    pd.testing.assert_frame_equal(cols(pd.read_csv(sweep / "sweep_summary.csv")),
                                  cols(pd.read_csv(whole / "sweep_summary.csv")))


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


@pytest.mark.parametrize("args, expected", [
    (["+experiment=nope"], "experiment='nope' is not known; allowed:"),
    (["-m", "scenario.pzk.sharing=0.1,0.2"], "unknown key 'scenario.pzk.sharing'"),
    (["-m", "weeks=10,0"], "weeks=0 is not allowed"),
    (["study.scenarios=[siloed,utopia]"], "study.scenarios='utopia' is not allowed"),
    (["+experiment=caseload", "study.families_per_worker=[0,50]"],
     "study.families_per_worker=[0, 50] is not allowed; allowed: [0] when study.grid varies"),
])
def test_bad_experiment_or_sweep_gives_one_line(tmp_path, args, expected):
    proc = k3d(*args, cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr


FAILING_SWEEP = """
import sys, sim.api as api, sim.cli as cli
real = api.run
def run(cfg):
    if cfg.seed == 2:
        raise RuntimeError("injected failure for seed 2")
    return real(cfg)
api.run = run
sys.argv = ["k3d", *sys.argv[1:]]
cli.main()
"""


def test_failed_sweep_job_is_listed_and_the_others_complete(tmp_path):
    sweep = tmp_path / "sw"
    proc = subprocess.run([sys.executable, "-c", FAILING_SWEEP, "-m", "scenario=siloed",
                           "seed=1,2,3", "weeks=3", f"hydra.sweep.dir={sweep}"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    assert ("job scenario=siloed,seed=2,weeks=3 failed: RuntimeError: injected failure"
            in proc.stderr)
    table = pd.read_csv(sweep / "sweep_summary.csv")
    assert sorted(table["seed"]) == [1, 3]
    assert "injected failure" in (sweep / "sweep_report.md").read_text()


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


def test_a_damaged_finished_run_is_left_out_then_recomputed(study, tmp_path):
    copy = tmp_path / "damaged"
    shutil.copytree(study[0], copy)
    weekly = copy / "jobs" / MAIN / "pzk" / "r0001" / "weekly.parquet"
    weekly.write_bytes(weekly.read_bytes()[:100])  # truncated, as by a full disk or a kill
    report = k3d(str(copy), cwd=tmp_path, cmd=REPORT)
    assert report.returncode == 0, report.stderr
    assert "1 runs left out" in report.stderr
    summary = pd.read_csv(copy / "summary.csv")
    assert len(summary) == len(pd.read_csv(study[0] / "summary.csv")) - 1
    rerun = k3d("replications=3", "weeks=8", "jobs=2", f"hydra.run.dir={copy}", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "no longer match their checksums" in rerun.stderr
    pd.testing.assert_frame_equal(pd.read_csv(copy / "comparison.csv"),
                                  pd.read_csv(study[0] / "comparison.csv"))


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


def test_a_resumed_study_hashes_each_stored_run_once(tmp_path, monkeypatch):
    """Resuming checks every stored run's files against its checksums before anything is reused
    or gathered, and once is enough: gathering takes the runs the runner found complete."""
    from collections import Counter

    import sim.study.gather
    import sim.study.runner
    from sim.configure import compose_config
    from sim.manifest import verified
    from sim.study.study import run_study

    line = ["replications=2", "weeks=2", "jobs=1", "study.scenarios=[siloed,pzk]",
            "study.families_per_worker=[0]", "municipality.initial_families=30"]
    root = tmp_path / "study"
    assert run_study(line, compose_config(line), root, progress=False) == 0
    hashed = Counter()

    def counted(folder):
        hashed[Path(folder).relative_to(root / "jobs").as_posix()] += 1
        return verified(folder)

    monkeypatch.setattr(sim.study.runner, "verified", counted)
    monkeypatch.setattr(sim.study.gather, "verified", counted)
    assert run_study(line, compose_config(line), root, progress=False) == 0
    jobs = json.loads((root / "study.json").read_text())["jobs"]
    assert len(jobs) == 4 and hashed == Counter(jobs)  # before: 2 each (3 with the study's)


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
