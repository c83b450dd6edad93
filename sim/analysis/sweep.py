"""The numbers of a sweep's report: each scenario's effect (or, for single runs, each outcome)
at every value of every swept parameter. Numbers only; sim/report/sweep.py words and draws them.

A swept parameter is an override whose value differs between jobs. In a sweep of single runs the
seed is a replication, not a parameter, and the scenario is a line of the figure, not an axis.
"""

from __future__ import annotations

import pandas as pd

from sim.analysis.compare import t_interval

MAIN_OUTCOMES = ("exits_to_independence", "crises_total", "cost_total")
NOT_PARAMETERS = ("seed", "scenario")  # in sweeps of single runs
EFFECT_COLUMNS = ("n_pairs", "mean_difference", "ci_low", "ci_high", "prob_better")


def swept(table: pd.DataFrame, keys: list[str], studies: bool) -> list[str]:
    """The override keys whose value differs between the sweep's jobs."""
    jobs = table.drop_duplicates("job")
    return [k for k in keys if k in jobs and jobs[k].nunique(dropna=False) > 1
            and (studies or k not in NOT_PARAMETERS)]


def ordered(values: pd.Series) -> list:
    """A parameter's distinct values in order: numerically when every one is a number, else
    as categories in the order they first appear."""
    distinct = list(dict.fromkeys(values.dropna()))
    numbers = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
    if numbers.notna().all():
        return [v for _, v in sorted(zip(numbers, distinct))]
    return distinct


def sort_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in the order of each key's values (:func:`ordered`), the first key slowest."""
    frame = frame.reset_index(drop=True)
    ranks = pd.DataFrame({k: frame[k].map({v: i for i, v in enumerate(ordered(frame[k]))})
                          for k in keys})
    return frame.loc[ranks.sort_values(keys, kind="stable").index].reset_index(drop=True)


def effects(comparison: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """Each scenario's paired effect against its study's baseline on the main outcomes, one row
    per job × cell × scenario × outcome, with the job's swept values (sweep_comparison.csv's
    numbers, not recomputed)."""
    rows = comparison[(comparison["scenario"] != comparison["baseline"])
                      & comparison["outcome"].isin(MAIN_OUTCOMES)]
    return rows[[*params, "cell", "baseline", "scenario", "outcome", *EFFECT_COLUMNS]]


def outcomes(summary: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """The main outcomes' mean over the runs (seeds) of each combination of swept values and
    scenario, with its 95% t interval: ``n``, ``mean``, ``ci_low``, ``ci_high``."""
    rows = []
    keys = [*params, "scenario"]
    for values, block in summary.groupby(keys, sort=False, dropna=False):
        for outcome in MAIN_OUTCOMES:
            x = block[outcome].dropna()
            mean, _, half = t_interval(x)
            rows.append({**dict(zip(keys, values)), "outcome": outcome, "n": len(x),
                         "mean": mean, "ci_low": mean - half, "ci_high": mean + half})
    return pd.DataFrame(rows)
