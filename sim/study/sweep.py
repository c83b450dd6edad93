"""Gathering a Hydra multirun: every job's results in one table, and the sweep's report.

Called automatically at the end of ``k3d -m ...`` (a Hydra callback) and by
``k3d-report SWEEP_DIR``. Lists every failed job with its error line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hydra.experimental.callback import Callback
from omegaconf import OmegaConf

from sim.i18n import LANGS
from sim.manifest import MANIFEST, STATUS, seal, verified
from sim.study.shared import SHARED_DIR, remove_leftovers

if TYPE_CHECKING:
    import pandas as pd

SUMMARY, COMPARISON = "sweep_summary.csv", "sweep_comparison.csv"


def _overrides(job: Path) -> dict[str, str]:
    path = job / ".hydra" / "overrides.yaml"
    items = OmegaConf.to_container(OmegaConf.load(path)) if path.exists() else []
    return dict(o.split("=", 1) for o in items if not o.startswith("hydra"))


def gather_sweep(root: Path, lang: str | None = None) -> tuple[pd.DataFrame,
                                                                 list[tuple[str, str]]]:
    """Write ``sweep_summary.csv`` (and ``sweep_comparison.csv`` for studies) and the report
    (sim/report/sweep.py, in ``lang`` or the sweep's own language); list failures.

    Only finished jobs whose files match their checksums are gathered; the old tables are
    removed first, so a failure never leaves a stale summary looking current.
    """
    import pandas as pd  # here: Hydra loads this module (its callback) with every run

    from sim.study.gather import write_atomic

    for name in (SUMMARY, COMPARISON):
        (root / name).unlink(missing_ok=True)
    summaries, comparisons, failed, manifests, keys = [], [], [], {}, {}
    jobs = sorted(p for p in root.iterdir() if (p / ".hydra").is_dir())
    for job in jobs:
        problem = _problem(job)
        if problem:
            failed.append((job.name, problem))
            continue
        over = _overrides(job)
        keys.update(dict.fromkeys(over))
        manifests[job.name] = json.loads((job / MANIFEST).read_text())
        if (job / "summary.csv").exists():
            frame = pd.read_csv(job / "summary.csv")
            if (job / "comparison.csv").exists():
                baseline = json.loads((job / "study.json").read_text())["baseline"]
                comparisons.append(_labelled(pd.read_csv(job / "comparison.csv"), job.name,
                                             {**over, "baseline": baseline}))
        else:
            frame = pd.DataFrame([json.loads((job / "summary.json").read_text())])
        summaries.append(_labelled(frame, job.name, over))
    table = pd.concat(summaries, ignore_index=True) if summaries else pd.DataFrame()
    if not table.empty:
        table = table.sort_values("job", kind="stable", ignore_index=True)
        write_atomic(table, root / SUMMARY)
    comparison = pd.concat(comparisons, ignore_index=True) if comparisons else pd.DataFrame()
    if comparisons:
        write_atomic(comparison, root / COMPARISON)
    remove_leftovers(root / SHARED_DIR)
    from sim.report import sweep as report  # plotting: only when there is a sweep to gather

    own = _lang(root)
    report.build(root, table, comparison, list(keys), failed, lang or own, own)
    _seal(root, manifests)
    for name, line in failed:
        print(f"k3d: job {name} failed: {line}", file=sys.stderr)
    print(f"k3d: sweep of {len(jobs)} jobs gathered into {root / SUMMARY}"
          + (f"; {len(failed)} failed" if failed else "")
          + f"; report in {root / 'sweep_report.md'}")
    return table, failed


def _labelled(frame: pd.DataFrame, job: str, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` with the job's name and its overrides as columns (joined at once: a summary
    has hundreds of columns, and adding them one by one fragments it)."""
    import pandas as pd

    extra = pd.DataFrame({"job": job, **columns}, index=frame.index)
    order = [*frame.columns, *(c for c in extra if c not in frame)]
    return pd.concat([frame.drop(columns=[c for c in extra if c in frame]), extra], axis=1)[order]


def _lang(root: Path) -> str:
    """The sweep's language (English when the sweep varies it)."""
    plan = root / "multirun.yaml"
    lang = OmegaConf.load(plan).get("lang", "en") if plan.exists() else "en"
    return lang if lang in LANGS else "en"


def job_done(root: Path, job: Path) -> None:
    """One line per finished job: a sweep's progress that parallel jobs cannot garble."""
    finished = sum(json.loads(p.read_text()).get("state") in ("complete", "failed")
                   for p in root.glob(f"*/{STATUS}"))
    print(f"k3d: sweep job {job.name} finished; {finished} of {_planned(root)} jobs done",
          flush=True)


@functools.cache
def _planned(root: Path) -> int | str:
    """How many jobs the sweep makes (its command line, as Hydra's sweeper splits it); read
    once per process: the plan of a running sweep does not change, and it is a large file."""
    from sim.configure import sweep_jobs

    plan = root / "multirun.yaml"
    if not plan.exists():
        return "?"
    return len(sweep_jobs(list(OmegaConf.load(plan).hydra.overrides.task)))


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
