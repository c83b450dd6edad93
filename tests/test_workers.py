"""The study's worker processes: forked from ``k3d`` when it runs no other thread (on Linux),
joblib's otherwise; the same runs either way, and none left behind."""

import json
import subprocess
import sys

import pytest

# In a fresh interpreter: the test runner's own process runs threads of its own.
SCRIPT = """
import json, multiprocessing, sys, threading
from pathlib import Path

import sim
from sim.study import runner
from sim.study.plan import Job
from sim.study.shared import WEEKLY_FILE, read_columns

cfg = sim.SimConfig()
cfg.weeks = 3
cfg.municipality.initial_families = 20
jobs = [Job("base", "siloed", r, cfg) for r in range(4)]
root = Path(sys.argv[1])

def runs(folder):
    outcomes = runner.run_jobs(root / folder, jobs, n_jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    made = {}
    for j in jobs:
        where = runner.job_dir(root / folder, j)
        weekly = read_columns(where / WEEKLY_FILE)
        made[j.key] = {"summary": json.loads((where / "summary.json").read_text()),
                       "weekly": {k: v.tolist() for k, v in weekly.items()}}
    return made

runner.start_workers(2)
forked = runner._forked is not None
workers = len(multiprocessing.active_children())
made_forked = runs("forked")
runner.stop_workers()
left = [p.pid for p in multiprocessing.active_children()]

blocker = threading.Event()
threading.Thread(target=blocker.wait, daemon=True).start()  # another thread: no fork
runner.start_workers(2)
not_forked = runner._forked is None
made_joblib = runs("joblib")
blocker.set()
runner.stop_workers()
print(json.dumps({"forked": forked, "workers": workers, "left": left,
                  "not_forked_with_a_thread": not_forked,
                  "same": json.dumps(made_forked) == json.dumps(made_joblib)}))  # NaN as NaN
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_and_joblib_workers_make_the_same_runs_and_leave_none(tmp_path):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["forked"] and seen["workers"] == 2
    assert seen["left"] == []  # stop_workers ended them
    assert seen["not_forked_with_a_thread"]
    assert seen["same"]
