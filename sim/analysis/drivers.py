"""Which assumed parameters drive each scenario's effect: partial rank correlation (PRCC).

Under ``uncertainty=full`` replication r draws the assumed parameters once (stored as
``param:KEY`` columns of ``summary.csv``). For each cell, scenario and outcome, the effect of
replication r is the paired difference scenario − baseline; its PRCC with a parameter is the
correlation of the ranks of both after the ranks of every other drawn parameter are regressed out
(Marino et al. 2008, J Theor Biol 254:178). SALib has no PRCC; the ranks are scipy.stats'
(:func:`ranks`), the p-values scipy.special's t tail, the regression numpy's least squares. The
p-value is the t test of a partial correlation with n − 2 − (k − 1) degrees of freedom.

Only parameters that can matter for a scenario enter its PRCC: those of the dimensions it (or the
baseline) switches on, and the shared behaviour parameters. With too few replications to partial
out the others (n < k + 3), the plain Spearman rank correlation is given instead (``method`` =
``spearman``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from sim.study.plan import PARAM_PREFIX

DRIVER_OUTCOMES = ("exits_to_independence", "crises_total", "cost_total", "cost_per_exit")
COLUMNS = ["cell", "scenario", "outcome", "parameter", "prcc", "p_value", "rank", "method", "n"]


def prcc(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """PRCC of each column of ``x`` (n × k) with ``y`` (n), their p-values and the method."""
    n, k = x.shape
    rx = np.column_stack([ranks(c) for c in x.T]) if k else x  # each column on its own
    ry = ranks(y)
    if n < k + 3:
        return (*spearman(rx, ry), "spearman")
    coef, tstat = np.full(k, np.nan), np.full(k, np.nan)
    dof = n - 2 - (k - 1)
    for j in range(k):
        others = np.column_stack([np.ones(n), np.delete(rx, j, axis=1)])
        res_x = rx[:, j] - others @ np.linalg.lstsq(others, rx[:, j], rcond=None)[0]
        res_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        if res_x.std() == 0 or res_y.std() == 0:
            continue
        r = float(np.corrcoef(res_x, res_y)[0, 1])
        coef[j] = r
        tstat[j] = r * np.sqrt(dof / max(1e-300, 1 - r * r))
    # the t distribution's two-sided tail, as stats.t.sf gives it, for every parameter at once
    return coef, 2 * special.stdtr(dof, -np.abs(tstat)), "prcc"


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing the mean of theirs (NaN everywhere if a value is NaN): what
    ``scipy.stats.rankdata`` gives, bit for bit (ranks are whole or half numbers), without
    importing scipy.stats, which takes a second of a study's main process."""
    order = np.argsort(values, kind="stable")
    in_order = values[order]
    starts = np.flatnonzero(np.r_[True, in_order[1:] != in_order[:-1]])  # runs of ties
    ends = np.r_[starts[1:], len(values)]
    out = np.empty(len(values))
    out[order] = np.repeat((starts + 1 + ends) / 2, ends - starts)
    return np.full(len(values), np.nan) if np.isnan(values).any() else out


def spearman(rx: np.ndarray, ry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spearman's correlation of each column of ranks ``rx`` with the ranks ``ry``, and its
    two-sided p-value: what ``scipy.stats.spearmanr`` gives for each pair, bit for bit (the same
    correlation of the pair's ranks, the same t statistic with n − 2 degrees of freedom), without
    its checks and ranking again for every pair. A constant column gives NaN, which is what we
    report. (scipy's correlation of all columns at once differs in the last bits.)"""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.array([np.corrcoef(np.column_stack([rx[:, j], ry]), rowvar=False)[1, 0]
                      for j in range(rx.shape[1])], float)
        dof = len(ry) - 2
        t = r * np.sqrt((dof / ((r + 1.0) * (1.0 - r))).clip(0))
    return r, 2 * special.stdtr(dof, -np.abs(t))


def parameters(summary: pd.DataFrame) -> list[str]:
    """The drawn parameters stored in a summary (without the prefix)."""
    return [c[len(PARAM_PREFIX):] for c in summary.columns if c.startswith(PARAM_PREFIX)]


def relevant(name: str, scenario: str, baseline: str,
             dimensions: dict[str, list[str]] | None) -> bool:
    """A ``scenario.<dimension>.*`` parameter can only matter if the scenario or the baseline
    switches that dimension on; shared behaviour parameters always can. Leaving the others out
    keeps degrees of freedom (unknown dimensions: keep everything)."""
    parts = name.split(".")
    if not dimensions or parts[0] != "scenario" or len(parts) < 3:
        return True
    if scenario not in dimensions or baseline not in dimensions:
        return True
    return parts[1] in set(dimensions[scenario]) | set(dimensions[baseline])


def drivers(summary: pd.DataFrame, baseline: str,
            outcomes: tuple[str, ...] = DRIVER_OUTCOMES,
            dimensions: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """One row per cell × scenario × outcome × parameter, ranked by |PRCC| (1 = strongest).

    ``dimensions`` (scenario -> dimensions it switches on, from study.json) restricts each
    scenario's parameters to those that can affect it."""
    names = parameters(summary)
    rows = []
    if not names:
        return pd.DataFrame(columns=COLUMNS)
    for cell, block in summary.groupby("cell", sort=False):
        draws = (block.groupby("replication")[[PARAM_PREFIX + p for p in names]].first())
        varied = [p for p in names if draws[PARAM_PREFIX + p].nunique() > 1]
        for outcome in [o for o in outcomes if o in block]:
            wide = block.pivot_table(index="replication", columns="scenario", values=outcome)
            if baseline not in wide:
                continue
            for scenario in [s for s in wide.columns if s != baseline]:
                effect = (wide[scenario] - wide[baseline]).dropna()
                used = [p for p in varied if relevant(p, scenario, baseline, dimensions)]
                if len(effect) < 3 or not used:
                    continue
                x = draws.loc[effect.index, [PARAM_PREFIX + p for p in used]].to_numpy(float)
                coef, pval, method = prcc(x, effect.to_numpy(float))
                order = pd.Series(np.abs(coef)).rank(ascending=False, method="min")
                for j, name in enumerate(used):
                    rows.append({"cell": cell, "scenario": scenario, "outcome": outcome,
                                 "parameter": name, "prcc": coef[j], "p_value": pval[j],
                                 "rank": order[j], "method": method, "n": len(effect)})
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["cell", "scenario", "outcome", "rank"], kind="stable",
                             ignore_index=True)


def top(table: pd.DataFrame, cell: str, scenario: str, outcome: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` strongest drivers of one effect."""
    part = table[(table["cell"] == cell) & (table["scenario"] == scenario)
                 & (table["outcome"] == outcome)].dropna(subset=["prcc"])
    return part.sort_values("rank", kind="stable").head(n)
