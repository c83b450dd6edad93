"""A study: scenarios × replications (× grid cells), each run a job with a stable name.

Replication r of every scenario uses seed ``seed + r`` (common random numbers), so paired
differences between scenarios are due to cooperation alone.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field, replace

from sim.config import SimConfig
from sim.overrides import apply_overrides

# summary columns of the parameters drawn for a replication (sim/uncertainty.py draws them);
# here, not beside the priors, so a worker process does not import scipy.stats to name them
PARAM_PREFIX = "param:"


@dataclass(frozen=True)
class Job:
    cell: str  # "base" or "key=value,key=value"
    scenario: str
    replication: int
    config: SimConfig
    save_families: bool = False
    drawn: dict = field(default_factory=dict)  # parameters drawn for this replication

    @property
    def key(self) -> str:
        return f"{safe(self.cell)}/{self.scenario}/r{self.replication:04d}"


def safe(text: str) -> str:
    """A folder name for a label (a study cell, a sweep job's overrides): no '/', never '.' or
    '..', short enough for any file system; a label that had to change gets a hash of the
    original, so two labels never share a folder and nothing lands outside the output folder."""
    name = re.sub(r"[^A-Za-z0-9=,._+-]", "_", text) or "base"
    if name == text and len(name) <= 120 and name.strip(".") != "":
        return name
    return f"{name[:100]}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def cells(grid: dict[str, list[str]]) -> list[dict[str, str]]:
    """Every combination of the grid's values (one empty cell when there is no grid)."""
    if not grid:
        return [{}]
    keys = list(grid)
    return [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]


def cell_label(cell: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in cell.items()) or "base"


CASELOAD_KEY = "families_per_worker"


def with_caseload(cfg: SimConfig, families_per_worker: int) -> tuple[SimConfig, str]:
    """``cfg`` with ``social_workers = round(initial_families / families_per_worker)`` (at least
    1; 0 keeps the preset's workers) and the cell label part, e.g. ``families_per_worker=27``."""
    town = cfg.municipality
    if families_per_worker == 0:
        return cfg, f"{CASELOAD_KEY}={round(town.initial_families / town.social_workers)}"
    workers = max(1, int(town.initial_families / families_per_worker + 0.5))
    cfg = apply_overrides(cfg, {"municipality.social_workers": workers})
    return cfg, f"{CASELOAD_KEY}={families_per_worker}"


def join_labels(*parts: str) -> str:
    return ",".join(p for p in parts if p and p != "base") or "base"


def jobs_for(configs: dict[tuple[str, str], SimConfig], replications: int,
             save_families: bool = False) -> list[Job]:
    """Jobs for composed configs keyed by (cell label, scenario); seeds seed..seed+R-1. A job's
    config shares the blocks it does not change with its cell's config (copying each would be
    most of the planning's time): nothing changes a planned config, and a run copies its config
    before building the model."""
    return [Job(cell, scenario, r, replace(cfg, seed=cfg.seed + r), save_families)
            for (cell, scenario), cfg in configs.items() for r in range(replications)]
