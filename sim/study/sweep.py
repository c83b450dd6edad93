"""Gathering a Hydra multirun: every job's results in one table and one short report.

Called automatically at the end of ``k3d -m ...`` (a Hydra callback) and by
``k3d-report SWEEP_DIR``. Lists every failed job with its error line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from hydra.experimental.callback import Callback
from omegaconf import OmegaConf

from sim.study.gather import write_atomic


def _overrides(job: Path) -> dict[str, str]:
    path = job / ".hydra" / "overrides.yaml"
    items = OmegaConf.to_container(OmegaConf.load(path)) if path.exists() else []
    return dict(o.split("=", 1) for o in items if not o.startswith("hydra"))


def gather_sweep(root: Path) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Write ``sweep_summary.csv`` (and ``sweep_comparison.csv`` for studies); list failures."""
    summaries, comparisons, failed = [], [], []
    jobs = sorted(p for p in root.iterdir() if (p / ".hydra").is_dir())
    for job in jobs:
        over = _overrides(job)
        status_path = job / "status.json"
        status = json.loads(status_path.read_text()) if status_path.exists() else {}
        if status.get("state") != "complete":
            failed.append((job.name, status.get("error") or "did not finish"))
        if (job / "summary.csv").exists():
            frame = pd.read_csv(job / "summary.csv")
            if (job / "comparison.csv").exists():
                comparisons.append(pd.read_csv(job / "comparison.csv").assign(job=job.name, **over))
        elif (job / "summary.json").exists() and status.get("state") == "complete":
            frame = pd.DataFrame([json.loads((job / "summary.json").read_text())])
        else:
            continue
        summaries.append(frame.assign(job=job.name, **over))
    table = pd.concat(summaries, ignore_index=True) if summaries else pd.DataFrame()
    if not table.empty:
        table = table.sort_values("job", kind="stable", ignore_index=True)
        write_atomic(table, root / "sweep_summary.csv")
    if comparisons:
        write_atomic(pd.concat(comparisons, ignore_index=True), root / "sweep_comparison.csv")
    _report(root, table, failed)
    for name, line in failed:
        print(f"k3d: job {name} failed: {line}", file=sys.stderr)
    print(f"k3d: sweep of {len(jobs)} jobs gathered into {root / 'sweep_summary.csv'}"
          + (f"; {len(failed)} failed" if failed else ""))
    return table, failed


def _report(root: Path, table: pd.DataFrame, failed: list[tuple[str, str]]) -> None:
    lines = ["# Kooperacje 3D sweep", "", f"{len(table)} result rows from `{root}`.", ""]
    if failed:
        lines += ["## Failed jobs", ""] + [f"- `{n}`: {e}" for n, e in failed] + [""]
    if not table.empty:
        show = [c for c in ("job", "scenario", "seed", "exits_to_independence", "crises_total",
                            "mean_need", "mean_wait_weeks", "cost_total", "cost_per_exit")
                if c in table]
        lines += ["## Results", "", table[show].to_markdown(index=False)
                  if _has_tabulate() else table[show].to_string(index=False), ""]
    (root / "sweep_report.md").write_text("\n".join(lines))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


class GatherSweep(Callback):
    """Hydra callback: gather the sweep when every job has run."""

    def on_multirun_end(self, config, **kwargs) -> None:
        _, failed = gather_sweep(Path(config.hydra.sweep.dir))
        if failed:
            sys.exit(1)
