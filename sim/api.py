"""The one entry point every front end uses: ``run(config) -> Result``."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from sim import metrics
from sim.config import SimConfig
from sim.model import KooperacjeModel
from sim.state import State

TABLES = ("weekly", "families", "referrals", "crises", "movements", "programmes")


def _from_final_state(frame) -> cached_property:
    """A table of the run built by ``frame(state)`` when first read, with the run's seed."""
    return cached_property(lambda result: frame(result.state).assign(seed=result.config.seed))


@dataclass
class Result:
    """Tables of one run (see docs/ODD.md, Outputs) and a one-row summary. The weekly table's
    columns and the summary are made with the run; the weekly table itself, the families,
    referrals, crises, movements and task teams when first read (a study keeps only the weekly
    columns and the summary: building the rest cost as much as a third of a run)."""

    config: SimConfig
    state: State = field(repr=False)
    weekly_columns: dict[str, np.ndarray] = field(repr=False)  # the weekly table's, as arrays
    summary: dict = field(default_factory=dict)
    wall_seconds: float = 0.0

    @cached_property
    def weekly(self) -> pd.DataFrame:
        return pd.DataFrame(self.weekly_columns)

    families = _from_final_state(metrics.family_frame)
    referrals = _from_final_state(metrics.referral_frame)
    crises = _from_final_state(metrics.crisis_frame)
    movements = _from_final_state(metrics.movement_frame)
    programmes = _from_final_state(metrics.programme_frame)

    def save(self, folder: str | Path) -> Path:
        """Write each table as Parquet and ``summary.json`` into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            getattr(self, name).to_parquet(folder / f"{name}.parquet", index=False)
        (folder / "summary.json").write_text(json.dumps(self.summary, indent=2, default=str))
        return folder


def run(config: SimConfig | None = None, **overrides) -> Result:
    """Simulate ``config.weeks`` weeks and return the tables.

    ``overrides`` are flat keys (``weeks=52``, ``scenario__pzk__enabled=True``).
    """
    start = time.perf_counter()
    model = KooperacjeModel(config=config, **overrides)
    model.run()
    columns = metrics.weekly_columns(model.weekly)
    result = Result(
        config=model.cfg, state=model.state,
        weekly_columns=metrics.table_columns(columns, seed=model.cfg.seed),
        summary=metrics.summary(model.cfg, columns, model.state.closed_team_weeks),
    )
    result.wall_seconds = time.perf_counter() - start
    return result
