"""What effect could the real pilot detect? Minimum detectable effect and power.

The pilot supported 5–10 families per site in 50 sites (250–500 families) for 21 months, with
no comparison group. We take, from simulated runs, the families it would have chosen (present at
the start with problems in several domains), compare their outcomes under the model
(``kooperacje_3d``) and under siloed work, and ask: with that many families, and a comparison
group of the same size, which effect could a two-sided test find (MDE at the target power), and
how likely would it find the simulated effect? Families of one site share conditions; the design
effect ``1 + (m - 1) * ICC`` inflates the variance accordingly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

FAMILY_OUTCOMES = {
    "exited": "exits_to_independence",
    "crises": "crises_total",
    "final_mean_need": "mean_need",
}


def family_outcomes(root: Path, min_problems: int) -> pd.DataFrame:
    """Per eligible family and run: exited, crises, final mean need."""
    parts = []
    for path in sorted((root / "jobs").rglob("families.parquet")):
        scenario, rep = path.parent.parent.name, int(path.parent.name[1:])
        fam = pd.read_parquet(path)
        fam = fam[(fam["entered_week"] == 0) & (fam["problems_at_entry"] >= min_problems)]
        needs = fam[[c for c in fam if c.startswith("need_")]]
        crises = fam[[c for c in fam if c.startswith("crises_")]]
        parts.append(pd.DataFrame({
            "scenario": scenario, "replication": rep, "family_id": fam["family_id"],
            "exited": (fam["exits"] > 0).astype(float), "crises": crises.sum(axis=1),
            "final_mean_need": needs.mean(axis=1),
        }))
    return pd.concat(parts, ignore_index=True)


def power_table(families: pd.DataFrame, study: dict) -> pd.DataFrame:
    cfg = study["pilot"]
    target, base = study["pilot_target"], study["baseline"]
    z_a = stats.norm.ppf(1 - cfg["alpha"] / 2)
    z_b = stats.norm.ppf(cfg["power"])
    rows = []
    for m in cfg["families_per_site"]:
        n = cfg["sites"] * m
        deff = 1 + (m - 1) * cfg["icc"]
        for col in FAMILY_OUTCOMES:
            a = families.loc[families["scenario"] == target, col]
            b = families.loc[families["scenario"] == base, col]
            effect = a.mean() - b.mean()
            sd = np.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
            se = sd * np.sqrt(2 * deff / n)
            rows.append({
                "outcome": col, "families_per_site": m, "families_supported": n,
                "comparison_families": n, "design_effect": deff,
                "simulated_effect": effect, "sd": sd,
                "baseline_mean": b.mean(), "mde": (z_a + z_b) * se,
                "power_for_simulated_effect": float(stats.norm.cdf(abs(effect) / se - z_a)),
            })
    return pd.DataFrame(rows)
