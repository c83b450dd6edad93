"""The numbers behind the report's first screen: a verdict per scenario, and how the effect on
cost moves over the horizon. Numbers only; sim/report/front.py words them.
"""

from __future__ import annotations

import pandas as pd

MIN_REPLICATIONS = 3  # a t interval from fewer pairs is meaningless (two equal pairs: width 0)
VERDICT_OUTCOMES = ("exits_to_independence", "crises_total")
LIKELY = 0.8  # prob_better from which an effect whose interval spans zero is "probable"
COST_PARTS = ("cost_coordination", "cost_crises", "cost_services")
EARLY_WEEKS = 52


def verdict(rows: pd.DataFrame) -> str:
    """One word for a scenario's effect on the main outcomes (rows indexed by outcome): where
    intervals exclude zero ``helps`` (all outcomes), ``partly`` (some, the rest unclear),
    ``worse``, ``partly_worse`` or ``mixed``; else ``probably``, ``probably_worse`` or
    ``unclear`` by prob_better; ``unknown`` below 3 replications."""
    rows = rows.reindex(list(VERDICT_OUTCOMES)).dropna(subset=["mean_difference"])
    if rows.empty or rows["n_pairs"].min() < MIN_REPLICATIONS:
        return "unknown"
    sure = rows[rows["distinguishable"].astype(bool)]
    good = sure["prob_better"] > 0.5
    if len(sure):
        if good.any() and not good.all():
            return "mixed"
        whole = len(sure) == len(rows)
        return ("helps" if whole else "partly") if good.all() else \
            ("worse" if whole else "partly_worse")
    chance = rows["prob_better"].mean()
    return "probably" if chance >= LIKELY else "probably_worse" if chance <= 1 - LIKELY \
        else "unclear"


def sure_outcomes(rows: pd.DataFrame) -> list[str]:
    """The main outcomes whose interval excludes zero."""
    rows = rows.reindex(list(VERDICT_OUTCOMES)).dropna(subset=["mean_difference"])
    return [o for o in rows.index if rows.loc[o, "distinguishable"]]


def cumulative_cost(runs: pd.DataFrame, baseline: str, scenario: str,
                    week: int) -> pd.Series | None:
    """Mean paired difference scenario − baseline of the cost (total and its parts) summed
    from week 1 to ``week``; None if either run lacks that week."""
    part = runs[(runs["week"] <= week) & runs["scenario"].isin([baseline, scenario])]
    if part.empty or part["week"].max() < week:
        return None
    sums = part.groupby(["scenario", "replication"])[["cost_total", *COST_PARTS]].sum()
    if scenario not in sums.index.get_level_values(0):
        return None
    diff = (sums.loc[scenario] - sums.loc[baseline]).dropna()
    return diff.mean() if len(diff) else None


def horizon_turn(runs: pd.DataFrame, baseline: str, scenario: str,
                 weeks: int) -> dict | None:
    """Where the sign of the extra cost changes between the first year and the horizon: both
    cumulative differences with their parts, or None if it does not change (or the horizon is
    under two years)."""
    if weeks < 2 * EARLY_WEEKS:
        return None
    early = cumulative_cost(runs, baseline, scenario, EARLY_WEEKS)
    late = cumulative_cost(runs, baseline, scenario, weeks)
    if early is None or late is None or (early["cost_total"] > 0) == (late["cost_total"] > 0):
        return None
    return {"early": early, "late": late, "early_weeks": EARLY_WEEKS, "late_weeks": weeks}
