"""Resources: joblib's shared-memory folders do not pile up, and a sweep of 120 small jobs
through the joblib launcher gathers every job without open files or memory growing."""

import glob
import os
import tempfile
from pathlib import Path

import sim
from sim.study.plan import Job
from sim.study.runner import run_jobs


def _joblib_folders() -> list[str]:
    """This process's joblib/loky memmapping folders and k3d's scratch folders (named by the
    process, so studies of other processes running meanwhile do not count)."""
    places = {"/dev/shm", tempfile.gettempdir()}
    return [p for place in places
            for p in glob.glob(f"{place}/joblib_memmapping_folder_{os.getpid()}_*")
            + glob.glob(f"{place}/k3d-joblib-{os.getpid()}-*")]


def test_parallel_study_runs_leave_no_joblib_folders_behind(tmp_path):
    """A notebook or a test process runs many studies: each call's folders must go with it."""
    cfg = sim.SimConfig()
    cfg.weeks = 2
    cfg.municipality.initial_families = 20
    before = _joblib_folders()
    for study in range(3):
        jobs = [Job("base", "siloed", r, cfg) for r in range(4)]
        outcomes = run_jobs(tmp_path / f"s{study}", jobs, n_jobs=2, progress=False)
        assert [o.ok for o in outcomes] == [True] * 4
    assert sorted(_joblib_folders()) == sorted(before)  # other code may have left its own
    assert len(list(Path(tmp_path).glob("s*/jobs/base/siloed/r*/checksums.json"))) == 12


def _usage(pid: int) -> tuple[int, int] | None:
    """(open file descriptors, resident memory in kB) of a live process, from /proc."""
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it ended between two looks
        return None
    rss = [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")]
    return (fds, rss[0]) if rss else None  # a process that has ended has no memory


def _family(pid: int) -> list[int]:
    """The process and its children (the joblib workers)."""
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *map(int, kids)]


def test_a_sweep_of_120_small_jobs_gathers_all_without_growing(tmp_path):
    """Open files and memory of the launcher and of each worker, sampled while the jobs run:
    what a worker holds after most jobs is what it held after the first quarter."""
    import subprocess
    import sys
    import time

    import pandas as pd

    n = 120
    sweep = tmp_path / "sweep"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sim.cli import main; main()", "-m",
         "hydra/launcher=joblib", "hydra.launcher.n_jobs=2", "scenario=siloed", "weeks=1",
         f"seed=range(0,{n})", "municipality.population=1000",
         "municipality.initial_families=3", "municipality.social_workers=1",
         f"hydra.sweep.dir={sweep}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []  # (share of jobs done, pid, fds, rss)
    while proc.poll() is None:
        done = len(list(sweep.glob("*/manifest.json"))) / n if sweep.exists() else 0
        for pid in _family(proc.pid):
            used = _usage(pid)
            if used:
                samples.append((done, pid, *used))
        time.sleep(0.25)
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = pd.read_csv(sweep / "sweep_summary.csv")
    assert sorted(table["seed"]) == list(range(n))
    frame = pd.DataFrame(samples, columns=["done", "pid", "fds", "rss"])
    # the least a process holds while working: a leak raises it, a file open mid-job does not
    early = frame[frame["done"].between(0.2, 0.3)].groupby("pid").min()
    late = frame[frame["done"] >= 0.8].groupby("pid").min()
    both = early.merge(late, left_index=True, right_index=True, suffixes=("_early", "_late"))
    assert len(both) >= 3, frame.groupby("pid")["done"].agg(["min", "max"])  # launcher, workers
    assert (both["fds_late"] <= both["fds_early"] + 2).all(), both
    grown = both["rss_late"] - both["rss_early"]  # kB
    workers = grown.drop(proc.pid, errors="ignore")
    assert (workers < 20_000).all(), both
    # the launcher holds each finished job's config and result until the sweep ends (Hydra's
    # JobReturn, for the end-of-sweep callbacks): bounded per job, never per week or table
    jobs_between = n * (late.loc[proc.pid, "done"] - early.loc[proc.pid, "done"])
    assert grown.get(proc.pid, 0) < 500 * max(jobs_between, 1), both
