"""Costs of non-cooperation by problem area (koszty zaniechania kooperacji).

What the baseline (siloed work under the statutory baseline) costs in each problem area that a
scenario avoids, or adds: crises and their costs, service weeks and their costs, worker and
partner hours, coordination costs and the total. The areas and what each run attributes to them
are defined in :mod:`sim.areas` and :mod:`sim.metrics` (``area_summary``); this module only
compares runs.

Pairs are formed as in :mod:`sim.analysis.compare` (replication *r* of a scenario with
replication *r* of the baseline: the same seed and, under ``uncertainty=full``, the same draw of
the assumed parameters), so the intervals count chance and what we do not know. Every item is a
cost or a harm: lower is better.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.compare import paired
from sim.areas import AREA_PREFIX

COLUMNS = ("cell", "scenario", "area", "item", "n_pairs", "baseline_mean", "scenario_mean",
           "mean_difference", "ci_low", "ci_high", "relative_change", "inaction_cost",
           "inaction_low", "inaction_high", "prob_better")


def area_columns(summary: pd.DataFrame) -> list[str]:
    """The per-area summary columns (``area:<area>:<item>``) of a study's runs."""
    return [c for c in summary.columns if c.startswith(AREA_PREFIX)]


def inaction_costs(summary: pd.DataFrame, baseline: str = "siloed") -> pd.DataFrame:
    """One row per cell × scenario × problem area × item: the mean paired difference scenario −
    baseline with its 95% CI, and the cost of inaction = baseline − scenario (positive: the
    scenario avoids it; negative: it adds it) with the same interval, mirrored.

    ``summary`` holds one row per run with ``scenario``, ``replication``, optionally ``cell``
    (one cell ``base`` if absent) and the ``area:`` columns of :func:`sim.metrics.summary`.
    ``prob_better`` is the share of pairs in which the scenario costs less (ties count half).
    """
    outcomes = area_columns(summary)
    if "cell" not in summary:
        summary = summary.assign(cell="base")
    if not outcomes:
        return pd.DataFrame(columns=COLUMNS)
    table = paired(summary, baseline, outcomes=tuple(outcomes))
    table = table[table["scenario"] != baseline].reset_index(drop=True)
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    parts = table["outcome"].str[len(AREA_PREFIX):].str.split(":", n=1, expand=True)
    # compare.paired counts "higher is better" for outcomes it does not know; costs are lower
    higher = table["prob_better"].to_numpy(float)
    table = table.assign(
        area=parts[0], item=parts[1],
        inaction_cost=0.0 - table["mean_difference"], inaction_low=0.0 - table["ci_high"],
        inaction_high=0.0 - table["ci_low"], prob_better=np.where(np.isnan(higher), np.nan,
                                                             1.0 - higher))
    return table[list(COLUMNS)]
