"""Calibration of the siloed baseline to Polish public statistics, and its validation.

Targets live in ``sim/data/targets.json`` (each with its source). The fit is a bounded nonlinear
least-squares problem (``scipy.optimize.least_squares``) in log-parameter space on relative
errors: the inflow of new families keeps the share of the population in assistance at its
published level, each need's drift reproduces the distribution of reasons for assistance, and
the crisis hazards reproduce the published Niebieska Karta, foster-care and eviction rates. The
objective uses fixed seeds (common random numbers), so it is deterministic; the finite-difference
step is wide because the simulated rates move in small jumps.
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
from scipy.optimize import least_squares

from sim.api import Result, run
from sim.config import SimConfig
from sim.domain import NEEDS
from sim.overrides import apply_overrides, get_value

TARGETS = json.loads((resources.files("sim.data") / "targets.json").read_text())
LAST_YEAR = 52  # weeks at the end of a run over which state is averaged
FIT_STEP = 0.05  # relative finite-difference step of the fit, on log parameters (~5-20%)


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
    from sim.study.workers import joblib_scratch

    with joblib_scratch() as scratch:
        return Parallel(n_jobs=n_jobs, temp_folder=scratch)(delayed(_run)(c) for c in configs)


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
    children = cfg.costs.children_per_placement
    out["foster_care_children_per_1000_residents_year"] = (
        out["foster_care_per_1000_residents_year"] * children)
    out["children_in_foster_care_per_1000_residents"] = float(
        w["children_in_foster_care"].mean() * 1000 / cfg.municipality.population)
    return out


def mean_measures(results: list[Result]) -> dict[str, float]:
    frame = pd.DataFrame([measures(r) for r in results])
    return frame.mean().to_dict()


FITTED_CRISES = tuple(TARGETS["crisis_rates"])


def _fit_keys() -> list[str]:
    return (["behaviour.families.inflow_per_1000"]
            + [f"behaviour.needs.drift.{n}" for n in NEEDS]
            + [f"behaviour.needs.crisis_hazard.{c}" for c in FITTED_CRISES])


def _bounds(key: str) -> tuple[float, float]:
    """The search range of a fitted parameter (targets.json, fit_bounds)."""
    lo, hi = TARGETS["fit_bounds"][key if key.endswith("inflow_per_1000")
                                   else key.rsplit(".", 1)[0]]
    return lo, hi


def residuals(m: dict[str, float]) -> dict[str, float]:
    """Relative errors of the simulated patterns against their targets."""
    reasons = TARGETS["reasons"]["values"]
    out = {"families_ratio": m["families_ratio"] - 1.0}
    out.update({f"reason_{n}": m[f"reason_{n}"] / reasons[n] - 1.0 for n in NEEDS})
    for crisis, target in TARGETS["crisis_rates"].items():
        out[target["measure"]] = m[target["measure"]] / target["value"] - 1.0
    return out


def fit(cfg: SimConfig, seeds: list[int], max_evaluations: int, n_jobs: int = 2,
        log=print, keys: list[str] | None = None) -> tuple[SimConfig, pd.DataFrame]:
    """Least-squares fit of inflow, drifts and crisis hazards (or only ``keys``); returns the
    fitted config and every evaluation (parameters, patterns, cost)."""
    cfg = copy.deepcopy(cfg)
    keys = keys or _fit_keys()
    lo, hi = (np.log([_bounds(k)[i] for k in keys]) for i in (0, 1))
    x0 = np.clip(np.log([get_value(cfg, k) for k in keys]), lo + 1e-9, hi - 1e-9)
    history = []

    def evaluate(x: np.ndarray) -> np.ndarray:
        values = dict(zip(keys, np.exp(x)))
        m = mean_measures(baseline(apply_overrides(cfg, values), seeds, n_jobs))
        r = residuals(m)
        cost = float(sum(v * v for v in r.values()))
        history.append({"evaluation": len(history), "cost": cost, **values, **m})
        log(f"calibrate: evaluation {len(history)}: sum of squared relative errors {cost:.4f}")
        return np.array(list(r.values()))

    solution = least_squares(evaluate, x0, bounds=(lo, hi), diff_step=FIT_STEP,
                             max_nfev=max_evaluations, method="trf")
    best = min(history, key=lambda h: h["cost"])
    fitted = apply_overrides(cfg, {k: best[k] for k in keys})
    log(f"calibrate: {solution.message} best sum of squared relative errors {best['cost']:.4f}")
    return fitted, pd.DataFrame(history)


def at_bounds(cfg: SimConfig, tolerance: float = 0.01) -> list[str]:
    """Fitted parameters within ``tolerance`` (relative, in log space) of a bound of their range."""
    out = []
    for key in _fit_keys():
        lo, hi = _bounds(key)
        x = np.log(get_value(cfg, key))
        if min(x - np.log(lo), np.log(hi) - x) < tolerance * (np.log(hi) - np.log(lo)):
            out.append(key)
    return out


def fitted_record(cfg: SimConfig, history: pd.DataFrame, seeds: list[int]) -> dict:
    """What sim/data/calibration.json stores: date, targets, fitted values, achieved patterns."""
    best = history.loc[history["cost"].idxmin()]
    return {
        "date": dt.date.today().isoformat(),
        "method": "scipy.optimize.least_squares (trf, bounded, log parameters, relative errors)",
        "targets_text": [
            f"families in assistance stable at the initial level ({TARGETS['coverage']['source']})",
            f"reasons for assistance among assisted families ({TARGETS['reasons']['source']})",
            *(f"{t['measure']} ({t['source']})" for t in TARGETS["crisis_rates"].values()),
        ],
        "municipality": cfg.municipality.name,
        "seeds": seeds,
        "weeks": cfg.weeks,
        "evaluations": int(len(history)),
        "fitted": {
            "behaviour.families.inflow_per_1000": round(cfg.behaviour.families.inflow_per_1000, 4),
            "behaviour.needs.drift": {n: round(cfg.behaviour.needs.drift[n], 5) for n in NEEDS},
            **{f"behaviour.needs.crisis_hazard.{c}": round(cfg.behaviour.needs.crisis_hazard[c], 5)
               for c in FITTED_CRISES},
        },
        "at_bounds": at_bounds(cfg),
        "achieved": {k: float(best[k]) for k in best.index
                     if k.startswith(("reason_", "families_ratio"))
                     or k in {t["measure"] for t in TARGETS["crisis_rates"].values()}},
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
                         "simulated": m[f"reason_{n}"], "tolerance": f"±{tol:.0%}",
                         "within": abs(m[f"reason_{n}"] - observed) <= tol * observed,
                         "source": TARGETS["reasons"]["source"]})
    return pd.DataFrame(rows)


def write_fitted(record: dict, path: Path | None = None) -> Path:
    path = path or Path(str(resources.files("sim.data") / "calibration.json"))
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return path
