"""The cluster path (submitit), tried with submitit's local executor: the same results, the same
per-job layout, resumable, gathered the same way."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from sim.configure import compose_config
from sim.study.study import run_study

SMALL = ["replications=2", "weeks=8", "study.scenarios=[siloed,pzk]",
         "study.families_per_worker=[0]"]
CLUSTER = ["executor=submitit", "cluster.backend=local", "cluster.runs_per_task=4"]


def study(root: Path, extra: list[str]) -> pd.DataFrame:
    overrides = [*SMALL, *extra]
    run_study(overrides, compose_config(overrides), root, progress=False)
    return pd.read_csv(root / "summary.csv").sort_values(["scenario", "replication"],
                                                         ignore_index=True)


def test_a_study_through_submitit_matches_a_local_one_and_resumes_after_sigkill(tmp_path):
    local = study(tmp_path / "local", ["jobs=1"])
    root = tmp_path / "cluster"
    # one run per array task, so that the study is killed with some runs done and some not
    killed = subprocess.Popen(
        [str(Path(sys.executable).parent / "k3d"), *SMALL, *CLUSTER[:-1],
         "cluster.runs_per_task=1", f"hydra.run.dir={root}"], cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list((root / "jobs").rglob("summary.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(killed.pid, signal.SIGKILL)  # the study and the array tasks it started
    assert killed.wait() == -signal.SIGKILL
    remote = study(root, CLUSTER)
    pd.testing.assert_frame_equal(local, remote)
    jobs = sorted(p.relative_to(root) for p in (root / "jobs").rglob("summary.json"))
    assert jobs == sorted(p.relative_to(tmp_path / "local") for p in
                          (tmp_path / "local" / "jobs").rglob("summary.json"))
    assert (root / "submitit").is_dir()


def test_a_sweep_through_the_submitit_launcher_matches_the_basic_launcher(tmp_path):
    def sweep(folder, launcher):
        cmd = [str(Path(sys.executable).parent / "k3d"), "-m", "scenario=siloed,pzk", "seed=3",
               "weeks=6", f"hydra.sweep.dir={folder}", *launcher]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        table = pd.read_csv(folder / "sweep_summary.csv")
        return table.drop(columns=[c for c in table if "dir" in c or "wall" in c],
                          errors="ignore").sort_values("scenario", ignore_index=True)

    basic = sweep(tmp_path / "basic", [])
    remote = sweep(tmp_path / "cluster", ["hydra/launcher=cluster_local"])
    pd.testing.assert_frame_equal(basic, remote)
