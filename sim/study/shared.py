"""Runs shared by the jobs of a sweep: an identical run is simulated once, not in every job.

A sweep over a cooperation parameter repeats the siloed baseline, unchanged, in each of its
studies. Every run a sweep's job simulates is kept in ``SWEEP_DIR/.runs/`` under its run
fingerprint (model code, data and every parameter that acts); a job that needs a run of the same
fingerprint takes it from there instead of simulating it. Nothing stale is taken: another model
version or parameter gives another fingerprint, and an entry whose files no longer match their
checksums is simulated again. An entry is written into a temporary folder and renamed into place,
so a reader never sees half of one; two jobs racing for one run both simulate it and one entry
stays (duplicate work, never a torn read).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.manifest import verified, write_checksums

if TYPE_CHECKING:  # imported where a stored families table is read: the study's workers start
    import pandas as pd  # before the main process needs pandas

SHARED_DIR = ".runs"
# a run's weekly table as its job keeps it: Arrow's file format, written about 4 times faster
# than Parquet for a table of 150 columns and 156 rows (0.8 against 3.2 ms, which a study would
# pay once per run); the study's gathered table stays Parquet (runs.parquet)
WEEKLY_FILE = "weekly.arrow"


@dataclass
class Stored:
    """What a study job keeps of a run: its weekly table's columns, summary, families and time
    taken."""

    weekly: dict[str, np.ndarray]
    summary: dict
    families: pd.DataFrame | None
    wall_seconds: float


def entry(shared: Path, config, families: bool) -> Path:
    """Where the run of ``config`` is kept (with its families table or without)."""
    from sim.study.study import run_fingerprint

    return shared / (run_fingerprint(config) + ("-families" if families else ""))


def load(path: Path) -> Stored | None:
    """The stored run, or None when there is none or its files do not match their checksums."""
    import pandas as pd

    if not verified(path):
        return None
    try:
        families = path / "families.parquet"
        return Stored(read_columns(path / WEEKLY_FILE),
                      json.loads((path / "summary.json").read_text()),
                      pd.read_parquet(families) if families.exists() else None,
                      json.loads((path / "timing.json").read_text())["wall_seconds"])
    except (OSError, ValueError, KeyError):  # replaced while being read: simulate it instead
        return None


def staging(path: Path) -> Path:
    """The temporary folder beside ``path`` where this process prepares it (hidden)."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def stage(path: Path, run: Stored, **timing) -> dict:
    """A run's files, with their checksums, in :func:`staging` of ``path``: the caller renames
    it into place, so nobody reads half of a run. Returns the summary as stored (what reading
    summary.json back gives: values JSON has no type for are written as text)."""
    tmp = staging(path)
    if tmp.exists():  # left by a killed process of the same id (the check costs less)
        shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    write_columns(run.weekly, tmp / WEEKLY_FILE)
    if run.families is not None:
        run.families.to_parquet(tmp / "families.parquet", index=False)
    (tmp / "timing.json").write_text(json.dumps({"wall_seconds": run.wall_seconds, **timing}))
    summary = json.dumps(run.summary, indent=1, default=str)
    (tmp / "summary.json").write_text(summary)
    write_checksums(tmp)
    return json.loads(summary)


def write_columns(columns: Mapping[str, np.ndarray], path: Path) -> None:
    """A table of numbers and labels (text as object arrays) as an Arrow file, each column handed
    to Arrow as its array: read back with pandas (``pd.read_feather``), it is the table's frame,
    and no frame is made to write it (which a study would pay once per run)."""
    import pyarrow as pa
    import pyarrow.feather as feather

    feather.write_feather(pa.table(dict(columns)), path, compression="uncompressed")


def read_columns(path: Path) -> dict[str, np.ndarray]:
    """The columns :func:`write_columns` wrote, as arrays (text as object arrays)."""
    import pyarrow.feather as feather

    table = feather.read_table(path)
    return {name: column.to_numpy() for name, column in zip(table.column_names, table.columns)}


def keep(path: Path, run: Stored) -> None:
    """Store a run atomically; a damaged entry is replaced, a sound one left as it is."""
    stage(path, run)
    tmp = staging(path)
    if path.exists() and not verified(path):
        shutil.rmtree(path, ignore_errors=True)
    try:
        os.rename(tmp, path)
    except OSError:  # another job stored the same run first
        shutil.rmtree(tmp, ignore_errors=True)


def remove_leftovers(folder: Path) -> None:
    """Temporary folders (:func:`stage`) of jobs killed half-way, anywhere below ``folder``:
    never finished work, so they go (call when no job writes there)."""
    for tmp in sorted(folder.rglob(".*.tmp-*")):
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
