"""Runs a study's jobs in parallel, resumable, without losing finished work.

Each job writes into a temporary folder that is renamed into place only when complete, so a job
killed half-way leaves nothing that looks finished; running the study again into the same folder
skips every complete job. A failing job is recorded (``.failed`` file with its error line) and
the others go on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from sim.manifest import CHECKSUMS, verified
from sim.study.plan import PARAM_PREFIX, Job
from sim.study.shared import Stored, entry, keep, load, remove_leftovers, stage, staging
from sim.study.workers import in_workers, leave_ctrl_c_to_the_main_process

JOBS_DIR = "jobs"


@dataclass
class Outcome:
    key: str
    ok: bool
    error: str = ""
    seconds: float = 0.0
    reused: bool = False  # taken from an identical run of another job of the sweep
    # what the job wrote, as gathering would read it back: kept in memory, the study gathers
    # the runs it just made without reading their files again
    weekly: dict[str, np.ndarray] | None = None
    summary: dict | None = None


def job_dir(root: Path, job: Job) -> Path:
    return root / JOBS_DIR / job.key


def is_complete(root: Path, job: Job) -> bool:
    return verified(job_dir(root, job))


def run_one(root: Path, job: Job, shared: Path | None = None) -> Outcome:
    """Simulate one job (or take it from ``shared``, the sweep's runs: sim/study/shared.py)
    and move its files into place atomically."""
    leave_ctrl_c_to_the_main_process()
    logging.getLogger("MESA").setLevel(logging.WARNING)
    final = job_dir(root, job)
    failed = final.with_name(final.name + ".failed")
    tmp = staging(final)
    start = time.perf_counter()
    try:
        result, reused = _simulated(job, shared)
        weeks = len(result.weekly["week"])
        weekly = {**result.weekly, "cell": np.full(weeks, job.cell, object),
                  "scenario": np.full(weeks, job.scenario, object),
                  "replication": np.full(weeks, job.replication, np.int64)}
        summary = {"cell": job.cell, "replication": job.replication, **result.summary,
                   "scenario": job.scenario,
                   **{f"{PARAM_PREFIX}{k}": v for k, v in job.drawn.items()}}
        written = stage(final, Stored(weekly, summary, result.families, result.wall_seconds),
                        reused=reused)
        if final.exists():  # a damaged earlier run (the check costs less than removing nothing)
            shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        failed.unlink(missing_ok=True)
        return Outcome(job.key, True, seconds=time.perf_counter() - start, reused=reused,
                       weekly=weekly, summary=written)
    except Exception as exc:  # one job's failure must not stop the study
        shutil.rmtree(tmp, ignore_errors=True)
        line = f"{type(exc).__name__}: {exc}".splitlines()[0]
        failed.parent.mkdir(parents=True, exist_ok=True)
        failed.write_text(line + "\n\n" + traceback.format_exc())
        return Outcome(job.key, False, error=line, seconds=time.perf_counter() - start)


def _simulated(job: Job, shared: Path | None) -> tuple[Stored, bool]:
    """The job's run, and whether it was taken from the sweep's shared runs."""
    from sim.api import run

    where = entry(shared, job.config, job.save_families) if shared else None
    stored = load(where) if where else None
    if stored is not None:
        return stored, True
    result = run(job.config)
    stored = Stored(result.weekly_columns, result.summary,
                    result.families if job.save_families else None, result.wall_seconds)
    if where:
        keep(where, stored)
    return stored, False


def run_jobs(root: Path, jobs: list[Job], n_jobs: int = 2, progress: bool = True,
             dispatch: Callable[[Path, list[Job]], Iterable[Outcome]] | None = None,
             shared: Path | None = None) -> list[Outcome]:
    """Run every incomplete job (here, or through ``dispatch``, e.g. a cluster's job array);
    return the outcomes of the jobs run now, one each (a job without one was found complete: its
    files match their checksums). Runs run here are taken from, and kept in, ``shared`` when
    given (a sweep's runs, sim/study/shared.py)."""
    remove_leftovers(root / JOBS_DIR)
    pending = [j for j in jobs if not is_complete(root, j)]
    damaged = [j.key for j in pending if (job_dir(root, j) / CHECKSUMS).exists()]
    if damaged:
        print(f"k3d: {len(damaged)} finished runs no longer match their checksums (e.g. "
              f"{damaged[0]}); computing them again", file=sys.stderr)
    skipped = len(jobs) - len(pending)
    if skipped:
        print(f"k3d: {skipped} of {len(jobs)} runs already complete, skipping them",
              file=sys.stderr)
    if not pending:
        return []
    bar = tqdm(total=len(pending), desc="k3d runs", unit="run", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    outcomes = []
    with contextlib.ExitStack() as stack:
        if dispatch is not None:
            stream = dispatch(root, pending)
        elif n_jobs == 1 or len(pending) == 1:
            stream = (run_one(root, j, shared) for j in pending)
        else:
            stream = stack.enter_context(
                in_workers(n_jobs, [(run_one, (root, j, shared)) for j in pending]))
        for outcome in stream:
            outcomes.append(outcome)
            bar.update(1)
    bar.close()
    return outcomes


def failures(root: Path) -> list[tuple[str, str]]:
    """Every job recorded as failed, with its error line."""
    out = []
    for path in sorted((root / JOBS_DIR).rglob("*.failed")):
        key = str(path.relative_to(root / JOBS_DIR)).removesuffix(".failed")
        out.append((key, path.read_text().splitlines()[0]))
    return out
