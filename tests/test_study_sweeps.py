"""Sweeps (``k3d -m``): the same numbers in any launcher, resumed after a kill, one failed job
listed while the others complete, a bad sweep refused in one line before anything runs."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]


def k3d(*args, cwd):
    return subprocess.run([*K3D, *args], cwd=cwd, capture_output=True, text=True)


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
