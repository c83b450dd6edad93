"""Gathers complete jobs of a study folder into ``runs.parquet`` and ``summary.csv``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.manifest import verified
from sim.study.runner import JOBS_DIR, Outcome
from sim.study.shared import WEEKLY_FILE, read_columns

RUNS_FILE = "runs.parquet"


def write_atomic(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if path.suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    else:
        frame.to_csv(tmp, index=False)
    os.replace(tmp, path)


def gather(root: Path, fresh: dict[str, Outcome] | None = None, checked: set[str] = frozenset(),
           write_runs: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the complete jobs the study asked for; write and return (runs, summary) (runs left
    for the caller to write when not ``write_runs``).

    Only the jobs listed in ``study.json`` count: runs of an earlier, larger study in the same
    folder and leftover temporary folders (``.NAME.tmp-PID``) are never gathered. Jobs run by
    this process (``fresh``: their outcomes, holding what they wrote) are taken from memory;
    the others are read from their folders, and only if their files match their checksums
    (``checked``: jobs this process has just found matching them, not hashed again).

    Runs are in order of cell, scenario and replication, each run's weeks in order: its weekly
    rows are put together in the order of the sorted summary (one row per run), not sorted.
    """
    fresh = fresh or {}
    keys = json.loads((root / "study.json").read_text()).get("jobs", [])
    stored = [key for key in keys if key not in fresh]
    ok = {key: key in checked or verified(root / JOBS_DIR / key) for key in stored}
    damaged = [key for key in stored if (root / JOBS_DIR / key).exists() and not ok[key]]
    if damaged:
        print(f"k3d: {len(damaged)} runs left out: unfinished or not matching their checksums "
              f"(e.g. {JOBS_DIR}/{damaged[0]}); rerun the study to recompute them",
              file=sys.stderr)
    kept = [key for key in keys if key in fresh or ok[key]]
    if not kept:
        raise FileNotFoundError(f"{root} holds no finished, verified runs")
    summary = pd.DataFrame([fresh[key].summary if key in fresh else
                            json.loads((root / JOBS_DIR / key / "summary.json").read_text())
                            for key in kept])
    order = summary.sort_values(["cell", "scenario", "replication"], kind="stable").index
    summary = summary.loc[order].reset_index(drop=True)
    weekly = [fresh[key].weekly if key in fresh else
              read_columns(root / JOBS_DIR / key / WEEKLY_FILE) for key in kept]
    runs = pd.DataFrame({name: np.concatenate([weekly[i][name] for i in order])
                         for name in weekly[order[0]]})
    if write_runs:
        write_atomic(runs, root / RUNS_FILE)
    write_atomic(summary, root / "summary.csv")
    return runs, summary
