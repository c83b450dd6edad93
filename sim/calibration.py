"""Calibration of the siloed baseline to Polish public statistics, and its validation.

Targets live in ``sim/data/targets.json`` (each with its source). The fit is a damped
multiplicative fixed-point iteration: every round runs the siloed baseline on a few seeds and
scales each fitted parameter by (target / simulated) ** damping — the inflow of new families to
keep the share of the population in assistance at its published level, and each need's drift to
reproduce the published distribution of reasons for assistance among assisted families.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sim.api import Result, run
from sim.config import SimConfig
from sim.domain import NEEDS

TARGETS = json.loads((resources.files("sim.data") / "targets.json").read_text())
LAST_YEAR = 52  # weeks at the end of a run over which state is averaged
THRESHOLD_STEP = 0.05  # severity shift of a crisis threshold per unit log error (fit step size)


def _run(cfg: SimConfig) -> Result:
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    return run(cfg)


def baseline(cfg: SimConfig, seeds: list[int], n_jobs: int = 2) -> list[Result]:
    """The siloed baseline of ``cfg`` on each seed."""
    configs = []
    for seed in seeds:
        c = copy.deepcopy(cfg)
        c.seed = seed
        c.scenario.pzk.enabled = c.scenario.zzk.enabled = c.scenario.client_work.enabled = False
        c.scenario.name = "siloed"
        configs.append(c)
    return Parallel(n_jobs=n_jobs)(delayed(_run)(c) for c in configs)


def measures(result: Result) -> dict[str, float]:
    """The simulated patterns that public statistics describe."""
    cfg = result.config
    w = result.weekly.tail(LAST_YEAR)
    fam = result.families
    active = fam[fam["status"] == "active"]
    thr = cfg.behaviour.needs.problem_threshold
    persons = active["size"].sum()
    years = len(result.weekly) / 52
    out = {
        "families_ratio": float(w["active_families"].mean() / cfg.municipality.initial_families),
        "coverage_persons_share": float(persons / cfg.municipality.population),
        "caseload_per_worker": float(w["mean_caseload"].mean()),
        "long_term_share": float((active["weeks_active"] >= min(104, len(result.weekly))).mean()),
        "reasons_per_family": float(sum((active[f"need_{n}"] > thr).mean() for n in NEEDS)),
    }
    for n in NEEDS:
        out[f"reason_{n}"] = float((active[f"need_{n}"] > thr).mean())
    per_1000 = 1000 / w["active_families"].mean() / years
    per_1000_residents = 1000 / cfg.municipality.population / years
    for crisis in ("niebieska_karta", "foster_care", "eviction", "hospitalisation"):
        count = result.weekly[f"crises_{crisis}"].sum()
        out[f"{crisis}_per_1000_families_year"] = float(count * per_1000)
        out[f"{crisis}_per_1000_residents_year"] = float(count * per_1000_residents)
    return out


def mean_measures(results: list[Result]) -> dict[str, float]:
    frame = pd.DataFrame([measures(r) for r in results])
    return frame.mean().to_dict()


def fit(cfg: SimConfig, seeds: list[int], iterations: int, damping: float,
        n_jobs: int = 2, log=print) -> tuple[SimConfig, pd.DataFrame]:
    """Fit inflow and drifts; returns the fitted config and the history of each round."""
    cfg = copy.deepcopy(cfg)
    reasons = TARGETS["reasons"]["values"]
    history = []
    for it in range(iterations):
        m = mean_measures(baseline(cfg, seeds, n_jobs))
        errors = {"families_ratio": m["families_ratio"] - 1.0,
                  **{n: m[f"reason_{n}"] - reasons[n] for n in NEEDS}}
        history.append({"iteration": it, "inflow_per_1000": cfg.behaviour.families.inflow_per_1000,
                        **{f"critical_{c}": cfg.behaviour.needs.critical[c]
                           for c in TARGETS["crisis_rates"]},
                        **{f"drift_{n}": cfg.behaviour.needs.drift[n] for n in NEEDS}, **m})
        log(f"calibrate: round {it}: families ratio {m['families_ratio']:.3f}, worst reason error "
            f"{max(abs(errors[n]) for n in NEEDS):.3f}")
        fam = cfg.behaviour.families
        fam.inflow_per_1000 *= (1.0 / max(m["families_ratio"], 1e-3)) ** damping
        critical = cfg.behaviour.needs.critical
        for crisis, target in TARGETS["crisis_rates"].items():
            simulated = m[f"{crisis}_per_1000_residents_year"] + 1e-3
            shift = THRESHOLD_STEP * damping * np.log(simulated / target["value"])
            critical[crisis] = float(np.clip(critical[crisis] + shift, 0.3, 0.99))
        for n in NEEDS:
            ratio = (reasons[n] + 0.01) / (m[f"reason_{n}"] + 0.01)
            cfg.behaviour.needs.drift[n] = float(np.clip(
                cfg.behaviour.needs.drift[n] * ratio ** damping, 1e-4, 0.2))
    return cfg, pd.DataFrame(history)


def fitted_record(cfg: SimConfig, history: pd.DataFrame, seeds: list[int]) -> dict:
    """What sim/data/calibration.json stores: date, targets, fitted values, achieved patterns."""
    last = history.iloc[-1]
    return {
        "date": dt.date.today().isoformat(),
        "targets_text": [
            f"families in assistance stable at the initial level ({TARGETS['coverage']['source']})",
            f"reasons for assistance among assisted families ({TARGETS['reasons']['source']})",
            *(f"{c} rate among families in assistance ({t['source']})"
              for c, t in TARGETS["crisis_rates"].items()),
        ],
        "municipality": cfg.municipality.name,
        "seeds": seeds,
        "weeks": cfg.weeks,
        "fitted": {
            "behaviour.families.inflow_per_1000": round(cfg.behaviour.families.inflow_per_1000, 4),
            "behaviour.needs.drift": {n: round(cfg.behaviour.needs.drift[n], 5) for n in NEEDS},
            **{f"behaviour.needs.critical.{c}": round(cfg.behaviour.needs.critical[c], 4)
               for c in TARGETS["crisis_rates"]},
        },
        "achieved_last_round": {k: float(last[k]) for k in last.index
                                if k.startswith(("reason_", "families_ratio"))},
    }


def validation_table(results_by_place: dict[str, list[Result]]) -> pd.DataFrame:
    """Simulated against observed patterns, each with its tolerance and source."""
    rows = []
    for place, results in results_by_place.items():
        m = mean_measures(results)
        for key, target in TARGETS["validation"].items():
            observed, simulated = target["value"], m[key]
            if "low" in target:  # a range: e.g. a city-wide rate of which OPS clients are a part
                ok = target["low"] <= simulated <= target["high"]
                tolerance = f"[{target['low']:g}, {target['high']:g}]"
            else:
                tol = target["tolerance"]
                ok = abs(simulated - observed) <= tol * abs(observed)
                tolerance = f"±{tol:.0%}"
            rows.append({"municipality": place, "pattern": key, "observed": observed,
                         "simulated": simulated, "tolerance": tolerance, "within": ok,
                         "source": target["source"]})
        for n in NEEDS:
            observed = TARGETS["reasons"]["values"][n]
            tol = TARGETS["reasons"]["tolerance"]
            rows.append({"municipality": place, "pattern": f"reason_{n}", "observed": observed,
                         "simulated": m[f"reason_{n}"], "tolerance": f"±{tol:g}",
                         "within": abs(m[f"reason_{n}"] - observed) <= tol,
                         "source": TARGETS["reasons"]["source"]})
    return pd.DataFrame(rows)


def write_fitted(record: dict, path: Path | None = None) -> Path:
    path = path or Path(str(resources.files("sim.data") / "calibration.json"))
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return path
