"""Paired comparison of scenarios with the baseline, replication by replication.

Replication r of every scenario shares its seed with replication r of the baseline (common random
numbers), so the paired difference removes the noise both runs share. The 95% confidence interval
is the t interval of the mean paired difference. Under ``uncertainty=full`` replication r also
draws the assumed parameters (the same draw in both runs of a pair), so the interval counts both
chance and what we do not know about the benefits.

``prob_better`` is the share of pairs in which the scenario beats the baseline on that outcome
(in the outcome's better direction); a tie counts half, so identical scenarios give 0.5.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from scipy import special

# outcome -> +1 if more is better, -1 if less is better, 0 if neither (reported, never a gain)
OUTCOMES: dict[str, int] = {
    "exits_to_independence": +1,
    "crises_total": -1,
    "crises_niebieska_karta": -1,
    "crises_foster_care": -1,
    "crises_eviction": -1,
    "crises_hospitalisation": -1,
    "mean_need": -1,
    "revealed_unserved_share": -1,
    "hidden_needs": -1,
    "mean_wait_weeks": -1,
    "duplicate_service_weeks": -1,
    "referrals_misdirected": -1,
    "hours_coordination": -1,
    "contacts": +1,
    "hours_direct": 0,  # rises with longer contacts too: more contact is `contacts`
    "teams_started": 0,
    "teams_success_share": +1,
    "children_placed": -1,
    "active_families": -1,
    "cost_total": -1,
    "cost_per_exit": -1,
}


def paired(summary: pd.DataFrame, baseline: str, outcomes=tuple(OUTCOMES)) -> pd.DataFrame:
    """One row per cell × scenario × outcome: means, mean paired difference, 95% CI, change."""
    rows = []
    for cell, block in summary.groupby("cell", sort=False):
        base = block[block["scenario"] == baseline].set_index("replication")
        if base.empty:
            continue
        for scenario, runs in block.groupby("scenario", sort=False):
            runs = runs.set_index("replication")
            common = runs.index.intersection(base.index).sort_values()
            present = [outcome for outcome in outcomes if outcome in runs]
            # the pairs of every outcome at once, as arrays: one lookup, not two per outcome
            mine = runs.loc[common, present].to_numpy(float)
            theirs = base.loc[common, present].to_numpy(float)
            for j, outcome in enumerate(present):
                diff = mine[:, j] - theirs[:, j]
                diff = diff[~np.isnan(diff)]
                rows.append(_row(cell, scenario, outcome, diff, theirs[:, j], mine[:, j]))
    return pd.DataFrame(rows)


def prob_better(diff: np.ndarray, outcome: str) -> float:
    """Share of paired differences in the outcome's better direction; ties count half."""
    diff = np.asarray(diff, float)
    diff = diff[~np.isnan(diff)]
    if not len(diff):
        return np.nan
    direction = OUTCOMES.get(outcome, 1)
    if direction == 0:
        return np.nan
    signed = direction * diff
    return float(((signed > 0).sum() + 0.5 * (signed == 0).sum()) / len(diff))


def by_replication(summary: pd.DataFrame, cell: str, outcome: str) -> pd.DataFrame:
    """One cell's outcome with a row per replication and a column per scenario."""
    block = summary[summary["cell"] == cell]
    return block.pivot_table(index="replication", columns="scenario", values=outcome)


def contrast(wide: pd.DataFrame, cell: str, scenario: str, reference: str,
             outcome: str) -> dict:
    """Mean paired difference scenario − reference (any two scenarios) with its 95% CI and
    prob_better; e.g. what task teams add to a PZK (pzk_zzk − pzk). ``wide`` is the outcome
    by replication (:func:`by_replication`)."""
    if scenario not in wide or reference not in wide:
        return _row(cell, scenario, outcome, np.array([]), [], [])
    both = wide[[scenario, reference]].dropna()
    diff = (both[scenario] - both[reference]).to_numpy(float)
    return _row(cell, scenario, outcome, diff, both[reference], both[scenario])


def t_interval(values) -> tuple[float, float, float]:
    """Mean, standard deviation and the half-width of its 95% t interval (NaN where the
    values are too few: no mean of none, no spread of one)."""
    x = np.asarray(values, float)
    n = len(x)
    mean = float(x.mean()) if n else np.nan
    sd = float(x.std(ddof=1)) if n > 1 else np.nan
    half = float(_t975(n - 1) * sd / np.sqrt(n)) if n > 1 else np.nan
    if n > 1 and sd == 0:
        half = 0.0
    return mean, sd, half


@functools.cache
def _t975(dof: int) -> float:
    """The t distribution's 97.5% quantile: a study asks for the same few thousands of times
    (``scipy.special``'s function that ``scipy.stats.t.ppf`` calls: importing scipy.stats takes
    a second of a study's main process)."""
    return special.stdtrit(dof, 0.975)


def _row(cell, scenario, outcome, diff, base, other) -> dict:
    n = len(diff)
    mean, sd, half = t_interval(diff)
    base_mean = _mean(base)
    low, high = np.percentile(diff, (2.5, 97.5)) if n else (np.nan, np.nan)
    return {
        "cell": cell, "scenario": scenario, "outcome": outcome, "n_pairs": n,
        "baseline_mean": base_mean, "scenario_mean": _mean(other),
        "mean_difference": mean, "sd_difference": sd,
        "ci_low": mean - half, "ci_high": mean + half,
        "relative_change": mean / base_mean if base_mean else np.nan,
        "better_direction": {1: "higher", -1: "lower", 0: "neither"}[OUTCOMES.get(outcome, 1)],
        "distinguishable": bool(n > 1 and (mean - half > 0 or mean + half < 0)),
        "prob_better": prob_better(diff, outcome),
        # the spread of the effect itself across replications (not of its mean)
        "effect_p2_5": float(low), "effect_p97_5": float(high),
    }


def _mean(values) -> float:
    """Mean of the defined values (NaN, without a warning, if there are none)."""
    x = np.asarray(values, float)
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else np.nan
