"""Roll-out projection: a region's municipalities as types, each simulated, weighted by counts.

Each type's typical municipality is simulated under the scenarios (one study cell per type). In
replication r the projected regional difference of an outcome is Σ over types of (number of
municipalities of the type) × (scenario − baseline in that type's pair r); the interval is the
2.5-97.5 percentile of that sum over replications. Replication r draws the same assumed
parameters in every type (sim/uncertainty.py), so what we do not know about cooperation moves
every municipality together, as it would; chance in one simulated municipality is scaled by the
count, which overstates chance (n municipalities would average it out): the intervals are wide
on purpose rather than narrow by mistake.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PROJECTED = ("exits_to_independence", "crises_total", "children_placed", "hours_coordination",
             "hours_direct", "cost_total")
TOTAL_COLUMNS = ["scenario", "outcome", "baseline_total", "difference", "low", "high",
                 "prob_lower", "replications"]
TYPE_COLUMNS = ["scenario", "type", "municipalities", "outcome", "per_municipality", "total",
                "share_of_difference"]


def _pairs(summary: pd.DataFrame, baseline: str, scenario: str, outcome: str) -> pd.DataFrame:
    """type × replication table of scenario − baseline for replications present everywhere."""
    wide = summary.pivot_table(index="replication", columns=["cell", "scenario"],
                               values=outcome, aggfunc="first")
    diff = wide.xs(scenario, axis=1, level="scenario") - wide.xs(baseline, axis=1,
                                                                  level="scenario")
    return diff.dropna()


def projection(summary: pd.DataFrame, counts: dict[str, int], baseline: str,
               outcomes: tuple[str, ...] = PROJECTED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The regional totals (one row per scenario × outcome) and where they fall by type."""
    weights = pd.Series(counts, dtype=float)
    totals, by_type = [], []
    for scenario in [s for s in summary["scenario"].unique() if s != baseline]:
        both = {"cost_total", "exits_to_independence"} <= set(summary)
        derived = ("cost_per_exit",) if both else ()
        for outcome in [*(o for o in outcomes if o in summary), *derived]:
            if outcome == "cost_per_exit":
                regional = _cost_per_exit(summary, weights, baseline, scenario)
                base_total = float(np.nan)
            else:
                diff = _pairs(summary, baseline, scenario, outcome)[weights.index]
                regional = diff @ weights
                base = summary[summary["scenario"] == baseline].groupby("cell")[outcome].mean()
                base_total = float(base[weights.index] @ weights)
                mean = diff.mean()
                total = mean * weights
                share = total / total.sum() if total.sum() else total * np.nan
                by_type += [{"scenario": scenario, "type": t, "municipalities": int(weights[t]),
                             "outcome": outcome, "per_municipality": float(mean[t]),
                             "total": float(total[t]), "share_of_difference": float(share[t])}
                            for t in weights.index]
            defined = len(regional) > 0  # e.g. no exit anywhere in a short run: no cost per exit
            totals.append({"scenario": scenario, "outcome": outcome,
                           "baseline_total": base_total,
                           "difference": float(regional.mean()) if defined else np.nan,
                           "low": float(np.percentile(regional, 2.5)) if defined else np.nan,
                           "high": float(np.percentile(regional, 97.5)) if defined else np.nan,
                           "prob_lower": float((regional < 0).mean()) if defined else np.nan,
                           "replications": int(len(regional))})
    return (pd.DataFrame(totals, columns=TOTAL_COLUMNS),
            pd.DataFrame(by_type, columns=TYPE_COLUMNS))


def _cost_per_exit(summary: pd.DataFrame, weights: pd.Series, baseline: str,
                   scenario: str) -> pd.Series:
    """Per replication, the region's cost per exit under the scenario minus under the baseline."""
    out = {}
    for name in (baseline, scenario):
        part = summary[summary["scenario"] == name]
        cost = part.pivot_table(index="replication", columns="cell", values="cost_total")
        exits = part.pivot_table(index="replication", columns="cell",
                                 values="exits_to_independence")
        out[name] = (cost[weights.index] @ weights) / (exits[weights.index] @ weights)
    return (out[scenario] - out[baseline]).dropna()
