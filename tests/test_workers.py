"""The study's worker processes: forked from a fork server that has loaded the model (on Linux),
joblib's otherwise; the same runs either way, and no process left behind, also when ``k3d``
refuses its input after starting the server on the chance of a study."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import sim.launch

# In a fresh interpreter: the fork server and the workers are the process's own, started once
SCRIPT = """
import json, multiprocessing, os, sys
from multiprocessing import forkserver
from pathlib import Path

import sim
from sim.study import runner, workers
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

workers.start_workers(2)
server = forkserver._forkserver._forkserver_pid
made_forked = runs("forked")
children = [p.pid for p in multiprocessing.active_children()]
parents = [int(open(f"/proc/{pid}/stat").read().split(")")[1].split()[1]) for pid in children]
workers.stop_workers()
left = [p.pid for p in multiprocessing.active_children()]
server_left = os.path.exists(f"/proc/{server}")

made_joblib = runs("joblib")  # no workers started: joblib's
workers.stop_workers()
print(json.dumps({"children": len(children), "from_server": parents == [server] * len(parents),
                  "left": left, "server_left": server_left,
                  "same": json.dumps(made_forked) == json.dumps(made_joblib)}))  # NaN as NaN
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the fork server is used on Linux only")
def test_server_and_joblib_workers_make_the_same_runs_and_leave_none(tmp_path):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["children"] == 2 and seen["from_server"]  # forked by the server, not by us
    assert seen["left"] == [] and not seen["server_left"]  # stop_workers ended them all
    assert seen["same"]


def _marked_environment() -> tuple[str, dict[str, str]]:
    """A marker unique to one test (``NAME=VALUE``) and this environment with it: what ``k3d``
    starts inherits it, so :func:`_processes_with` finds them."""
    value = uuid.uuid4().hex
    return f"K3D_TEST_MARKER={value}", {**os.environ, "K3D_TEST_MARKER": value}


def _processes_with(marker: str, command: bytes = b"") -> list[int]:
    """Processes whose environment holds ``marker`` (one test's k3d and what it started) and
    whose command line holds ``command``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (marker.encode() in (proc / "environ").read_bytes()
                        and command in (proc / "cmdline").read_bytes()):
                    found.append(int(proc.name))
            except OSError:  # gone meanwhile, or not ours
                pass
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="the fork server is used on Linux only")
def test_refused_input_ends_the_server_k3d_started(tmp_path):
    """``k3d`` starts the fork server before it checks its input; refused, it ends in one line
    and takes the server (still loading the model) with it."""
    marker, env = _marked_environment()
    k3d = Path(sys.executable).parent / "k3d"
    err = tmp_path / "stderr"
    with err.open("w") as stderr:  # a file, not a pipe: a pipe's reader would wait for the server
        proc = subprocess.run([str(k3d), "municipality.social_workers=-3",
                               f"hydra.run.dir={tmp_path / 'out'}"], stderr=stderr, env=env,
                              cwd=tmp_path, timeout=120)
    # gone at once: left to itself, it would load the model for a second more, then end
    assert _processes_with(marker, b"multiprocessing.forkserver") == []
    assert proc.returncode == 2
    assert err.read_text().strip().splitlines() == [
        "k3d: error: municipality.social_workers=-3 is not allowed; allowed: a number in "
        "[1, 100000]"]


@pytest.mark.skipif(sys.platform != "linux", reason="the fork server is used on Linux only")
def test_the_server_loads_the_installed_model_not_a_folder_where_k3d_runs(tmp_path):
    """A folder named ``sim`` where ``k3d`` is started is not what the fork server loads."""
    look_alike = tmp_path / "sim"
    look_alike.mkdir()
    (look_alike / "__init__.py").write_text(
        f"open({str(tmp_path / 'imported')!r}, 'w').close()\n")
    k3d = Path(sys.executable).parent / "k3d"
    with (tmp_path / "stderr").open("w") as stderr:
        proc = subprocess.run([str(k3d), "municipality.social_workers=-3",
                               f"hydra.run.dir={tmp_path / 'out'}"], stderr=stderr,
                              cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert not (tmp_path / "imported").exists()


@pytest.mark.parametrize(("args", "calls"), [
    ([], ["start", "main", "stop"]),
    (["replications=20", "study.families_per_worker=[27]"], ["start", "main", "stop"]),
    (["scenario=pzk", "weeks=26"], ["start", "stop", "main", "stop"]),  # one run: no workers
    (["+scenario=pzk"], ["start", "stop", "main", "stop"]),
    (["-m", "seed=1,2"], ["main", "stop"]),  # a sweep: its launcher's processes
    (["--help"], ["main", "stop"]),
    (["--cfg", "job"], ["main", "stop"]),
])
def test_k3d_starts_the_server_only_for_what_may_be_a_study(monkeypatch, args, calls):
    seen = []
    monkeypatch.setattr(sim.launch, "start_server", lambda: seen.append("start"))
    monkeypatch.setattr(sim.launch, "stop_server", lambda: seen.append("stop"))
    monkeypatch.setattr("sim.cli.main", lambda: seen.append("main"))
    monkeypatch.setattr(sim.launch.gc, "freeze", lambda: None)  # not the test runner's objects
    monkeypatch.setattr(sys, "argv", ["k3d", *args])
    sim.launch.k3d()
    assert seen == calls


@pytest.mark.skipif(sys.platform != "linux", reason="the fork server is used on Linux only")
def test_a_killed_k3d_leaves_no_worker_nor_server(tmp_path):
    """Killed (SIGKILL), ``k3d`` cannot stop what it started: its workers, children of the
    fork server, see it end and end, and the server with them."""
    marker, env = _marked_environment()
    root = tmp_path / "study"
    k3d = Path(sys.executable).parent / "k3d"
    proc = subprocess.Popen(
        [str(k3d), "replications=30", "weeks=100", "jobs=2", "study.families_per_worker=[0]",
         "study.scenarios=[siloed,pzk]", "uncertainty=chance", f"hydra.run.dir={root}"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while (time.time() < deadline and proc.poll() is None
           and not list(root.glob("jobs/*/*/r*/checksums.json"))):
        time.sleep(0.05)
    assert proc.poll() is None, "the study ended before it could be killed"
    assert _processes_with(marker, b"multiprocessing.forkserver")  # the server was running
    proc.kill()
    proc.wait()
    deadline = time.time() + 60  # the workers notice at once; the server when they are gone
    while _processes_with(marker) and time.time() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []
