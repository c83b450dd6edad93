"""Gathering a Hydra multirun: every job's results in one table and one short report.

Called automatically at the end of ``k3d -m ...`` (a Hydra callback) and by
``k3d-report SWEEP_DIR``. Lists every failed job with its error line.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
from hydra.experimental.callback import Callback
from omegaconf import OmegaConf

from sim.manifest import MANIFEST, STATUS, seal, verified
from sim.study.gather import write_atomic

SUMMARY, COMPARISON = "sweep_summary.csv", "sweep_comparison.csv"


def _overrides(job: Path) -> dict[str, str]:
    path = job / ".hydra" / "overrides.yaml"
    items = OmegaConf.to_container(OmegaConf.load(path)) if path.exists() else []
    return dict(o.split("=", 1) for o in items if not o.startswith("hydra"))


def gather_sweep(root: Path) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Write ``sweep_summary.csv`` (and ``sweep_comparison.csv`` for studies); list failures.

    Only finished jobs whose files match their checksums are gathered; the old tables are
    removed first, so a failure never leaves a stale summary looking current.
    """
    for name in (SUMMARY, COMPARISON):
        (root / name).unlink(missing_ok=True)
    summaries, comparisons, failed, manifests = [], [], [], {}
    jobs = sorted(p for p in root.iterdir() if (p / ".hydra").is_dir())
    for job in jobs:
        problem = _problem(job)
        if problem:
            failed.append((job.name, problem))
            continue
        over = _overrides(job)
        manifests[job.name] = json.loads((job / MANIFEST).read_text())
        if (job / "summary.csv").exists():
            frame = pd.read_csv(job / "summary.csv")
            if (job / "comparison.csv").exists():
                comparisons.append(pd.read_csv(job / "comparison.csv").assign(job=job.name, **over))
        else:
            frame = pd.DataFrame([json.loads((job / "summary.json").read_text())])
        summaries.append(frame.assign(job=job.name, **over))
    table = pd.concat(summaries, ignore_index=True) if summaries else pd.DataFrame()
    if not table.empty:
        table = table.sort_values("job", kind="stable", ignore_index=True)
        write_atomic(table, root / SUMMARY)
    if comparisons:
        write_atomic(pd.concat(comparisons, ignore_index=True), root / COMPARISON)
    _report(root, table, failed)
    _seal(root, manifests)
    for name, line in failed:
        print(f"k3d: job {name} failed: {line}", file=sys.stderr)
    print(f"k3d: sweep of {len(jobs)} jobs gathered into {root / SUMMARY}"
          + (f"; {len(failed)} failed" if failed else ""))
    return table, failed


def _problem(job: Path) -> str:
    """Why a job cannot be gathered (empty when it can)."""
    status_path = job / STATUS
    status = json.loads(status_path.read_text()) if status_path.exists() else {}
    if status.get("state") != "complete":
        return status.get("error") or "did not finish"
    if not verified(job):
        return "its files no longer match their checksums; rerun the sweep to recompute it"
    return ""


def _seal(root: Path, manifests: dict[str, dict]) -> None:
    """The sweep's manifest: its command, each gathered job's config hash and seeds."""
    digest = hashlib.sha256(json.dumps({k: m["config_hash"] for k, m in manifests.items()},
                                       sort_keys=True).encode()).hexdigest()[:16]
    plan = root / "multirun.yaml"
    seal(root, plan.read_text() if plan.exists() else "",
         sorted({s for m in manifests.values() for s in m["seeds"]}), digest,
         jobs={k: {"config_hash": m["config_hash"], "seeds": m["seeds"]}
               for k, m in manifests.items()})


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
        """Exit 1 when a job failed or gathering did: Hydra turns a callback's exception into
        a warning, which would end the sweep at exit status 0."""
        root = Path(config.hydra.sweep.dir)
        try:
            _, failed = gather_sweep(root)
        except Exception as exc:  # noqa: BLE001 - one line, and a non-zero exit
            print(f"k3d: error: gathering the sweep in {root} failed: {type(exc).__name__}: "
                  f"{exc}".splitlines()[0], file=sys.stderr)
            sys.exit(1)
        if failed:
            sys.exit(1)
