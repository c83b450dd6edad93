"""Gathers complete jobs of a study folder into ``runs.parquet`` and ``summary.csv``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd

from sim.manifest import verified
from sim.study.runner import JOBS_DIR


def write_atomic(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if path.suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    else:
        frame.to_csv(tmp, index=False)
    os.replace(tmp, path)


def _order(frame: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    keys = [k for k in ("cell", "scenario", "replication", *extra) if k in frame]
    return frame.sort_values(keys, kind="stable", ignore_index=True)


def gather(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the complete jobs the study asked for; write and return (runs, summary).

    Only the jobs listed in ``study.json`` count: runs of an earlier, larger study in the same
    folder and leftover temporary folders (``.NAME.tmp-PID``) are never gathered.
    """
    keys = json.loads((root / "study.json").read_text()).get("jobs", [])
    planned = [root / JOBS_DIR / key for key in keys]
    ok = {j: verified(j) for j in planned}
    jobs = [j for j in planned if ok[j]]
    damaged = [j for j in planned if j.exists() and not ok[j]]
    if damaged:
        print(f"k3d: {len(damaged)} runs left out: unfinished or not matching their checksums "
              f"(e.g. {damaged[0].relative_to(root)}); rerun the study to recompute them",
              file=sys.stderr)
    if not jobs:
        raise FileNotFoundError(f"{root} holds no finished, verified runs")
    summary = pd.DataFrame([json.loads((j / "summary.json").read_text()) for j in jobs])
    runs = pd.concat([pd.read_parquet(j / "weekly.parquet") for j in jobs], ignore_index=True)
    summary = _order(summary, [])
    runs = _order(runs, ["week"])
    write_atomic(runs, root / "runs.parquet")
    write_atomic(summary, root / "summary.csv")
    return runs, summary
