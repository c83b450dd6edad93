"""How many replications does the main job need? Stability of prob_better and of the top drivers.

Run the main job once with many replications, then

    .venv/bin/python benchmarks/replications.py STUDY_DIR [20 40 60 80]

Draws depend on (seed, replication) only, so the first R replications of that study are exactly
the study `k3d replications=R` would run. For each R the script reports, in each caseload
cell, for kooperacje_3d and pzk against siloed: prob_better on exits and crises with its
bootstrap standard error, and how stable the top-3 drivers (PRCC) of exits, crises and cost are:
the mean share of the top 3 found again in bootstrap resamples of the R replications, and the
share found again with all replications of the study.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.compare import prob_better
from sim.analysis.drivers import drivers, top

SCENARIOS = ("kooperacje_3d", "pzk")
OUTCOMES = ("exits_to_independence", "crises_total", "cost_total")
BOOT = 100
DIMS: dict[str, list[str]] = {}


def _top3(summary: pd.DataFrame, cell: str, scenario: str, outcome: str) -> set[str]:
    table = drivers(summary, "siloed", outcomes=(outcome,), dimensions=DIMS)
    return set(top(table, cell, scenario, outcome)["parameter"])


def _resample(summary: pd.DataFrame, reps: np.ndarray) -> pd.DataFrame:
    parts = [summary[summary["replication"] == r].assign(replication=i)
             for i, r in enumerate(reps)]
    return pd.concat(parts, ignore_index=True)


def main() -> None:
    root = Path(sys.argv[1])
    sizes = [int(x) for x in sys.argv[2:]] or [20, 40, 60, 80]
    DIMS.update(json.loads((root / "study.json").read_text()).get("dimensions", {}))
    every = pd.read_csv(root / "summary.csv")
    rows = []
    for cell in sorted(every["cell"].unique()):
        rows += _cell(every[every["cell"] == cell].copy(), cell, sizes)
    table = pd.DataFrame(rows).set_index(["cell", "R"]).T
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))


def _cell(summary: pd.DataFrame, cell: str, sizes: list[int]) -> list[dict]:
    available = summary["replication"].nunique()
    reference = {(s, o): _top3(summary, cell, s, o) for s in SCENARIOS for o in OUTCOMES}
    rng = np.random.default_rng(0)
    rows = []
    for size in [s for s in sizes if s <= available]:
        part = summary[summary["replication"] < size]
        wide = {o: part.pivot(index="replication", columns="scenario", values=o)
                for o in OUTCOMES}
        row = {"R": size, "cell": cell.rsplit("=", 1)[-1]}
        for s in SCENARIOS:
            for o in ("exits_to_independence", "crises_total"):
                diff = (wide[o][s] - wide[o]["siloed"]).to_numpy(float)
                boots = [prob_better(rng.choice(diff, len(diff)), o) for _ in range(BOOT)]
                row[f"{s}:{o}:prob_better"] = prob_better(diff, o)
                row[f"{s}:{o}:se"] = float(np.std(boots))
        again, vs_all = [], []
        for s in SCENARIOS:
            for o in OUTCOMES:
                found = _top3(part, cell, s, o)
                vs_all.append(len(found & reference[(s, o)]) / 3)
                for _ in range(BOOT // 5):
                    reps = rng.choice(size, size)
                    again.append(len(_top3(_resample(part, reps), cell, s, o) & found) / 3)
        row["top3_bootstrap_agreement"] = float(np.mean(again))
        row["top3_agreement_with_all"] = float(np.mean(vs_all))
        rows.append(row)
    return rows


if __name__ == "__main__":
    main()
