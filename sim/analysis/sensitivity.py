"""Global sensitivity of the cooperation effect (SALib): which assumptions drive the result?

Each sample sets the studied parameters; the effect is the paired difference target − baseline
on the same seeds, averaged over replications. Morris screening ranks parameters by mu* (mean
absolute elementary effect); Sobol gives first-order and total indices where runs are
affordable.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd


def problem(parameters: dict[str, list[float]]) -> dict:
    names = list(parameters)
    return {"num_vars": len(names), "names": names,
            "bounds": [[float(lo), float(hi)] for lo, hi in parameters.values()]}


def sample(cfg: dict, seed: int) -> np.ndarray:
    prob = problem(cfg["parameters"])
    if cfg["method"] == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, cfg["trajectories"], calc_second_order=False, seed=seed)
    from SALib.sample import morris

    return morris.sample(prob, cfg["trajectories"], num_levels=cfg["levels"], seed=seed)


def cell_of(i: int) -> str:
    return f"sample={i:05d}"


UNDEFINED = "undefined in every sample (the outcome is NaN in every run)"


def analyse(root: Path, study: dict, summary: pd.DataFrame) -> pd.DataFrame:
    cfg = study["sensitivity"]
    prob = problem(cfg["parameters"])
    x = np.load(root / "samples.npy")
    rows = []
    for outcome in cfg["outcomes"]:
        wide = summary.pivot_table(index=["cell", "replication"], columns="scenario",
                                   values=outcome, dropna=False)
        if cfg["target"] in wide and study["baseline"] in wide:
            effect = (wide[cfg["target"]] - wide[study["baseline"]]).groupby("cell").mean()
            y = effect.reindex([cell_of(i) for i in range(len(x))]).to_numpy(float)
        else:
            y = np.full(len(x), np.nan)
        if np.isnan(y).all():  # e.g. no exits in any run, so no cost per exit: say so, go on
            rows += [{"outcome": outcome, "parameter": name, "note": UNDEFINED}
                     for name in prob["names"]]
            continue
        y = np.where(np.isnan(y), np.nanmean(y), y)
        if cfg["method"] == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(prob, y, calc_second_order=False)
            for i, name in enumerate(prob["names"]):
                rows.append({"outcome": outcome, "parameter": name, "S1": res["S1"][i],
                             "S1_conf": res["S1_conf"][i], "ST": res["ST"][i],
                             "ST_conf": res["ST_conf"][i]})
        else:
            from SALib.analyze import morris

            res = morris.analyze(prob, x, y, num_levels=cfg["levels"])
            for i, name in enumerate(prob["names"]):
                rows.append({"outcome": outcome, "parameter": name, "mu": res["mu"][i],
                             "mu_star": res["mu_star"][i], "sigma": res["sigma"][i],
                             "mu_star_conf": res["mu_star_conf"][i]})
    return pd.DataFrame(rows)


def save_samples(root: Path, x: np.ndarray, names: list[str]) -> None:
    np.save(root / "samples.npy", x)
    (root / "samples.json").write_text(json.dumps({"names": names}))
