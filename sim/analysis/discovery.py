"""Scenario discovery: under which conditions does a scenario not pay off? (PRIM, EMA Workbench)

Each case is one replication of one cell of a study: the assumed parameters it drew
(``param:KEY`` columns of ``summary.csv``) and the place it ran in (families per worker, from the
baseline run of the pair). A case is *of interest* when the scenario does not pay off against
the baseline in that pair (same seed, same draw): it gains no more exits than ``min_gain``, or its
cost per exit is higher than the baseline's, or either (``criterion``). PRIM (Friedman and Fisher
1999, as implemented by EMA Workbench) peels the space of cases toward boxes dense in cases of
interest; the peeling trajectory is the trade-off between coverage (the share of all cases of
interest inside the box) and density (the share of the box's cases that are of interest). The box
reported is the densest one on the trajectory whose coverage is at least ``min_coverage``.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.study.plan import PARAM_PREFIX

CRITERIA = ("no_gain", "costlier", "either")
PLACE = "families_per_worker"  # the place's characteristic: the baseline run's mean caseload
BOX_COLUMNS = ["scenario", "parameter", "low", "high", "restricted_low", "restricted_high"]


@dataclass
class Discovery:
    """One scenario's box: its limits, the trade-off curve and the counts behind them."""

    scenario: str
    criterion: str
    cases: int
    of_interest: int
    box: pd.DataFrame  # one row per restricted parameter
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per peeling step
    chosen: int  # the row of ``trajectory`` reported

    @property
    def coverage(self) -> float:
        return float(self.trajectory.loc[self.chosen, "coverage"])

    @property
    def density(self) -> float:
        return float(self.trajectory.loc[self.chosen, "density"])


def cases(summary: pd.DataFrame, baseline: str, scenario: str, criterion: str = "either",
          min_gain: float = 0.0) -> tuple[pd.DataFrame, np.ndarray]:
    """The cases (cell × replication) of one scenario: their conditions ``x`` and whether the
    scenario does not pay off in each (``y``)."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion {criterion!r}: allowed {', '.join(CRITERIA)}")
    params = [c for c in summary.columns if c.startswith(PARAM_PREFIX)]
    key = ["cell", "replication"]
    base = summary[summary["scenario"] == baseline].set_index(key)
    other = summary[summary["scenario"] == scenario].set_index(key)
    both = other.index.intersection(base.index)
    base, other = base.loc[both], other.loc[both]
    no_gain = (other["exits_to_independence"] - base["exits_to_independence"]) <= min_gain
    # a scenario with no exit at all has no cost per exit: it does not pay off
    costlier = (other["cost_per_exit"].fillna(np.inf) > base["cost_per_exit"].fillna(np.inf))
    y = {"no_gain": no_gain, "costlier": costlier, "either": no_gain | costlier}[criterion]
    x = pd.concat([base[params].rename(columns=lambda c: c[len(PARAM_PREFIX):]),
                   base["mean_caseload"].rename(PLACE)], axis=1)
    varied = [c for c in x.columns if x[c].nunique() > 1]
    return x[varied].reset_index(drop=True).astype(float), y.to_numpy(bool)


def discover(summary: pd.DataFrame, baseline: str, scenario: str, criterion: str = "either",
             min_gain: float = 0.0, min_coverage: float = 0.5, mass_min: float = 0.05,
             peel_alpha: float = 0.05) -> Discovery | None:
    """PRIM's box of the conditions under which ``scenario`` does not pay off (None when there
    is nothing to find: no varied condition, or no case of interest, or only such cases)."""
    x, y = cases(summary, baseline, scenario, criterion, min_gain)
    if x.empty or not y.any() or y.all():
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ema_workbench warns of optional parallel back-ends
        from ema_workbench.analysis import prim  # slow to import (~5 s): only when asked

        logging.getLogger("EMA").setLevel(logging.WARNING)
        found = prim.Prim(x, y, mass_min=mass_min, peel_alpha=peel_alpha).find_box()
    trajectory = found.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].copy()
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    chosen = int(eligible["density"].idxmax()) if len(eligible) else 0
    limits = found.box_lims[chosen]
    start = found.box_lims[0]
    rows = []
    for name in x.columns:
        low, high = float(limits.loc[0, name]), float(limits.loc[1, name])
        lo_cut, hi_cut = low > float(start.loc[0, name]), high < float(start.loc[1, name])
        if lo_cut or hi_cut:
            rows.append({"scenario": scenario, "parameter": name, "low": low, "high": high,
                         "restricted_low": lo_cut, "restricted_high": hi_cut})
    return Discovery(scenario, criterion, len(y), int(y.sum()),
                     pd.DataFrame(rows, columns=BOX_COLUMNS),
                     trajectory.reset_index(drop=True), chosen)
