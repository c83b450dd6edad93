"""Runs a study's jobs in parallel, resumable, without losing finished work.

Each job writes into a temporary folder that is renamed into place only when complete, so a job
killed half-way leaves nothing that looks finished; running the study again into the same folder
skips every complete job. A failing job is recorded (``.failed`` file with its error line) and
the others go on.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from tqdm import tqdm

from sim.manifest import CHECKSUMS, verified
from sim.study.plan import PARAM_PREFIX, Job
from sim.study.shared import Stored, entry, keep, load, remove_leftovers, stage, staging

JOBS_DIR = "jobs"
# Arguments go to the workers pickled, never memory-mapped: a reused pool of workers keeps the
# folder of the call that started it, so a later call's large arguments (a report's tables,
# sim/report/drawing.py) would land in a folder already removed. Every call of ours passes the
# same value, or joblib would start the workers again.
WORKERS_MEMMAP = None
# the workers start_workers forked from this process, when it did (None: joblib's, or none)
_forked: ProcessPoolExecutor | None = None


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


def leave_ctrl_c_to_the_main_process() -> None:
    """In a worker process, ignore Ctrl-C: the main process stops the work and says so in one
    line; a worker would add a traceback of its own. Only a process's main thread may set it: a
    study inside a joblib-launched sweep job runs its runs in threads (joblib's nested
    parallelism)."""
    if (multiprocessing.parent_process() is not None
            and threading.current_thread() is threading.main_thread()):
        signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def joblib_scratch() -> tempfile.TemporaryDirectory:
    """A folder for joblib's shared memory that goes with the call, not with the process (a
    notebook or a calibration makes hundreds of calls); named by the process, so a check for
    leftovers counts only its own."""
    return tempfile.TemporaryDirectory(prefix=f"k3d-joblib-{os.getpid()}-")


def start_workers(n_jobs: int) -> None:
    """Start ``n_jobs`` worker processes now, each importing the model and loading its compiled
    kernels and matplotlib, so that this start-up overlaps what the main process still does
    before its first run (Hydra composing, planning the runs): the study's runs and figures
    (:func:`in_workers`) find them ready. Only once the input has been checked: no error path
    has to stop workers still starting.

    On Linux, when this process runs no other thread, the workers are forked from it (``fork``
    is safe when no other thread can hold a lock; macOS's system libraries are not safe to fork):
    they start as copies of it, not as new interpreters, about 0.35 s of CPU less each.
    Otherwise (a notebook, a test runner's worker, macOS) they are joblib's, started in the
    background; joblib keeps them between calls."""
    global _forked
    if n_jobs < 2:
        return
    if sys.platform == "linux" and threading.active_count() == 1:
        _forked = ProcessPoolExecutor(n_jobs, multiprocessing.get_context("fork"),
                                      initializer=_head_start)
        _forked.submit(int)  # with fork, every worker starts at the first task
        return

    def start() -> None:
        try:
            with in_workers(n_jobs, [(_head_start, ())] * n_jobs) as started:
                for _ in started:
                    pass
        except Exception:  # noqa: BLE001 - workers that cannot start: the study's call reports
            pass

    threading.Thread(target=start, name="k3d-start-workers", daemon=True).start()


def stop_workers() -> None:
    """End this process's worker processes without waiting for joblib's to tear down (more
    than half a second after a study): call only when every file is written and nothing else in
    the process will use them, as ``k3d`` does before it exits (and when it is stopped: the
    runs not started are cancelled)."""
    from joblib.externals.loky import reusable_executor

    global _forked
    if _forked is not None:
        for worker in multiprocessing.active_children():  # not waiting for a run under way
            worker.kill()
        _forked.shutdown(cancel_futures=True)  # and reaped
        _forked = None
    executor = reusable_executor._executor  # None when no worker was ever started
    if executor is not None:
        executor.shutdown(wait=False, kill_workers=True)


@contextlib.contextmanager
def in_workers(n_jobs: int, calls: list[tuple[Callable, tuple]]) -> Iterator[Iterator]:
    """Each ``(function, arguments)`` of ``calls`` run in the worker processes, all handed to
    them now; yields their results as each is done, in any order. The workers are those
    :func:`start_workers` forked when it did, else joblib's (``n_jobs`` of them)."""
    if _forked is not None:
        futures = [_forked.submit(function, *args) for function, args in calls]
        try:
            yield (future.result() for future in as_completed(futures))
        finally:  # stopped early (an error, Ctrl-C): the calls not started are dropped
            for future in futures:
                future.cancel()
        return
    # joblib keeps each call's shared-memory folder until the process exits; in a folder of
    # ours it goes with the call (notebooks and tests run many studies)
    with joblib_scratch() as scratch:
        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered", temp_folder=scratch,
                           max_nbytes=WORKERS_MEMMAP)(
            delayed(function)(*args) for function, args in calls)
        try:
            yield results
        finally:  # joblib stops the calls not started yet
            results.close()


def _head_start() -> None:
    """Load the compiled kernels, and matplotlib: the same workers draw the study's figures
    once its runs are done (sim/report/drawing.py), and importing it then would add to the
    time after the last run. What is loaded then lives as long as the worker: frozen out of
    the garbage collector's full passes (one every 50 or so runs, 0.14 s each over it all)."""
    leave_ctrl_c_to_the_main_process()
    try:
        from sim.api import run

        run(weeks=1, scenario__pzk__enabled=True, scenario__zzk__enabled=True,
            scenario__client_work__enabled=True)
        import sim.report.figures  # noqa: F401
    except Exception:  # noqa: BLE001 - only a head start: a run that fails reports it itself
        pass
    gc.freeze()


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
