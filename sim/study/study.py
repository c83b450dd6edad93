"""A whole study from one command: compose configs, run jobs (resumable), gather, report."""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import importlib
import json
import os
import sys
import threading
import time
from pathlib import Path

import yaml

from sim.config import SimConfig
from sim.configure import InputError, compose_config
from sim.manifest import seal, versions, write_text_atomic
from sim.overrides import override_keys
from sim.study.config import K3DConfig
from sim.study.plan import cell_label, cells, jobs_for, join_labels, with_caseload
from sim.validation import provenance_rows, validate

DIMENSIONS = ("pzk", "zzk", "client_work")  # blocks of ScenarioConfig a scenario switches on


def config_yaml(cfg) -> str:
    """The resolved config as YAML: what the manifest records and the fingerprint hashes (the
    text OmegaConf.to_yaml gives, thirty times faster: every job of a sweep writes it)."""
    return yaml.dump(dataclasses.asdict(cfg), sort_keys=False,
                     Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))


def run_study(overrides: list[str], cfg: K3DConfig, root: Path, progress: bool = True,
              shared: Path | None = None) -> int:
    """Run (or resume) the study in ``root``, taking identical runs from ``shared`` (a sweep's
    runs, sim/study/shared.py) when given; return the number of failed runs."""
    started = time.perf_counter()
    cfg.jobs = worker_processes(cfg.jobs)
    root.mkdir(parents=True, exist_ok=True)
    if cfg.study.kind in ("calibrate", "validate"):
        from sim.study.calibrate import run_calibrate, run_validate

        if cfg.study.kind == "calibrate":
            run_calibrate(cfg, root)
        else:
            run_validate(overrides, cfg, root)
        seal(root, config_yaml(cfg), [cfg.seed + r for r in range(cfg.replications)],
             fingerprint(cfg))
        print(f"k3d: wall time {time.perf_counter() - started:.1f} s")
        return 0
    # here, not at the top: checking a study (check_study) needs none of them, and k3d starts
    # the study's workers only once it is checked; gathering and the report (pandas and
    # scipy.special, about half a second) are imported while the runs run
    from sim import uncertainty
    from sim.study.runner import failures, run_jobs

    base = _model_overrides(overrides)
    if cfg.study.kind == "sensitivity":
        configs = _sensitivity_configs(base, cfg, root)
    elif cfg.study.kind == "rollout":
        configs = _rollout_configs(base, cfg)
    else:
        configs = _compare_configs(base, cfg)
    save_families = cfg.study.save_families or cfg.study.kind == "pilot"
    jobs = jobs_for({key: c.model() for key, c in configs.items()}, cfg.replications,
                    save_families)
    mode = uncertainty_mode(cfg)
    fixed = sorted(explicit_keys(base, cfg) & set(uncertainty.PRIORS))
    if mode == "full":  # one draw per replication, shared by its scenarios and cells
        draws = {r: uncertainty.draw(cfg.seed, r, fixed=fixed) for r in range(cfg.replications)}
        jobs = [dataclasses.replace(j, config=uncertainty.apply(j.config, draws[j.replication]),
                                    drawn=draws[j.replication]) for j in jobs]
    study = {
        "kind": cfg.study.kind,
        "title": cfg.study.title,
        "description": cfg.study.description,
        "pilot": dataclasses.asdict(cfg.study.pilot),
        "pilot_target": cfg.study.scenarios[-1],
        "sensitivity": dataclasses.asdict(cfg.study.sensitivity),
        "command": " ".join(["k3d", *overrides]),
        "overrides": overrides,
        "scenarios": ([cfg.study.baseline, cfg.study.sensitivity.target]
                      if cfg.study.kind == "sensitivity" else list(cfg.study.scenarios)),
        "baseline": cfg.study.baseline,
        "grid": {k: list(v) for k, v in cfg.study.grid.items()},
        "cells": list(dict.fromkeys(cell for cell, _ in configs)),
        "workers": {cell: c.municipality.social_workers for (cell, _), c in configs.items()},
        "dimensions": {scenario: [d for d in DIMENSIONS if getattr(c.scenario, d).enabled]
                       for (_, scenario), c in configs.items()},
        "uncertainty": mode,
        "priors": uncertainty.table() if mode == "full" else [],
        "fixed": fixed if mode == "full" else [],
        "replications": cfg.replications,
        "seed": cfg.seed,
        "weeks": cfg.weeks,
        "municipality": cfg.municipality.name,
        "region": cfg.study.region,
        "discovery": dataclasses.asdict(cfg.study.discovery),
        "weekly_hours": cfg.behaviour.workers.weekly_hours,
        "lang": cfg.lang,
        "versions": versions(),
        "config_yaml": config_yaml(cfg),
        "parameters": provenance_rows(cfg.model(), overrides),
        "fingerprint": fingerprint(cfg),
        "jobs": [job.key for job in jobs],
    }
    _set_aside_stale_runs(root, study["fingerprint"])
    write_text_atomic(root / "study.json", json.dumps(study, indent=1, default=str))
    threading.Thread(target=_import, args=("sim.study.gather", "sim.report.document"),
                     daemon=True).start()
    outcomes = run_jobs(root, jobs, n_jobs=cfg.jobs, progress=progress, dispatch=_dispatch(cfg),
                        shared=shared)
    reused = [o.key for o in outcomes if o.reused]
    failed = failures(root)
    fresh = {o.key: o for o in outcomes if o.ok}
    ran = {o.key for o in outcomes}
    skipped = {j.key for j in jobs if j.key not in ran}  # run_jobs found them complete, verified
    complete = [*fresh, *skipped]
    if complete:
        from concurrent.futures import ThreadPoolExecutor

        from sim.report import document
        from sim.study.gather import RUNS_FILE, gather, write_atomic

        runs, _ = gather(root, fresh, checked=skipped, write_runs=False)
        # runs.parquet is written while the report is built: its figures start without waiting
        # for it (a frame of its own, sharing the columns: nothing here changes them)
        with ThreadPoolExecutor(1) as writer:
            written = writer.submit(write_atomic, runs.copy(deep=False), root / RUNS_FILE)
            _kind_outputs(root, cfg)
            study["failures"] = failed
            write_text_atomic(root / "study.json", json.dumps(study, indent=1, default=str))
            document.build(root, cfg.lang, runs=runs, jobs=cfg.jobs)
            written.result()  # raises what the writing raised
    seal(root, study["config_yaml"], [cfg.seed + r for r in range(cfg.replications)],
         study["fingerprint"], runs=len(jobs), runs_complete=len(complete),
         runs_reused=len(reused))
    for key, line in failed:
        print(f"k3d: run {key} failed: {line}", file=sys.stderr)
    baseline = sum(f"/{cfg.study.baseline}/" in key for key in reused)
    taken = (f" ({len(reused)} taken from identical runs of the sweep, {baseline} of them "
             f"{cfg.study.baseline})" if reused else "")
    print(f"k3d: {len(complete)} of {len(jobs)} runs complete{taken}; results in {root}")
    print(f"k3d: wall time {time.perf_counter() - started:.1f} s")
    return len(failed)


def _import(*modules: str) -> None:
    """Import ``modules`` (in a thread of their own while the runs run: the main process mostly
    waits for its workers then)."""
    for name in modules:
        importlib.import_module(name)


def _dispatch(cfg: K3DConfig):
    """Where the runs go: None for joblib here, or submitit's job array (sim/study/cluster.py)."""
    if cfg.executor == "local":
        return None
    from functools import partial

    from sim.study.cluster import submit

    return partial(submit, cfg.cluster)


def _model_overrides(overrides: list[str]) -> list[str]:
    """The command line without Hydra's own keys: what each run's config is composed from."""
    return [o for o in overrides if not o.lstrip("+~").startswith("hydra")]


def uncertainty_mode(cfg: K3DConfig) -> str:
    """Parameter draws in comparisons, roll-outs and discovery only; pilot power, sensitivity,
    calibration and validation keep point values (they study chance, or vary parameters
    themselves)."""
    return cfg.uncertainty if cfg.study.kind in ("compare", "rollout", "discovery") else "chance"


def explicit_keys(overrides: list[str], cfg: K3DConfig) -> set[str]:
    """Keys set on the command line or by the grid: held at their given value, never drawn."""
    return set(override_keys(overrides)) | set(cfg.study.grid)


def check_study(overrides: list[str], cfg: K3DConfig) -> None:
    """Compose and check every cell and scenario (or place) a study would run, before any run:
    raises InputError naming the key, the value and what is allowed. ``cfg``: the command
    line's config, already composed."""
    if cfg.study.kind in ("compare", "pilot", "discovery"):
        base = _model_overrides(overrides)
        configs = _compare_configs(base, cfg)
        _CHECKED.clear()  # only the latest check is waiting for its study
        _CHECKED[_checked_key(base, cfg)] = configs
    elif cfg.study.kind == "rollout":
        _rollout_configs(_model_overrides(overrides), cfg)
    elif cfg.study.kind == "validate":
        from sim.study.calibrate import place_configs

        place_configs(overrides, cfg)
    elif cfg.study.kind == "sensitivity":
        _check_sensitivity(cfg)
    if cfg.study.kind == "pilot" and not cfg.study.pilot.families_per_site:
        raise InputError("study.pilot.families_per_site=[] is not allowed; allowed: a list of "
                         "one or more family counts per site, each at least 1")


def _check_sensitivity(cfg: K3DConfig) -> None:
    """Ranges inside each parameter's allowed range, low below high; outcomes that exist."""
    from sim.analysis.compare import OUTCOMES
    from sim.validation import iter_params

    sens = cfg.study.sensitivity
    allowed = {key: meta for key, _, meta in iter_params(cfg.model())}
    for key, bounds in sens.parameters.items():
        if key not in allowed:
            raise InputError(f"study.sensitivity.parameters.{key} is not a model parameter; "
                             "allowed: a key listed by k3d-params")
        meta = allowed[key]
        lo, hi = meta.get("lo"), meta.get("hi")
        if (len(bounds) != 2 or not bounds[0] < bounds[1]
                or (lo is not None and bounds[0] < lo) or (hi is not None and bounds[1] > hi)):
            raise InputError(f"study.sensitivity.parameters.{key}={list(bounds)} is not allowed; "
                             f"allowed: [low, high] with low < high inside [{lo}, {hi}]")
    for outcome in sens.outcomes:
        if outcome not in OUTCOMES:
            raise InputError(f"study.sensitivity.outcomes={outcome!r} is not allowed; allowed: "
                             + ", ".join(OUTCOMES))


# configs composed by check_study, taken (once) by the study that follows in the same process
_CHECKED: dict[tuple, dict] = {}


def _compare_configs(base: list[str], cfg: K3DConfig) -> dict:
    """One config per (cell, scenario): grid combinations × caseload (families per worker).
    Hydra composes each scenario (about a quarter of a second each), so the configs ``k3d``
    checked before starting are handed to its study rather than composed again."""
    key = _checked_key(base, cfg)
    if key in _CHECKED:
        return _CHECKED.pop(key)
    configs = {}
    for cell in cells(cfg.study.grid):
        cell_overrides = [f"{k}={v}" for k, v in cell.items()]
        for scenario in cfg.study.scenarios:
            composed = compose_config([*base, f"scenario={scenario}", *cell_overrides])
            for value in cfg.study.families_per_worker:
                run_cfg, part = with_caseload(composed, value)
                label = (cell_label(cell) if cfg.study.families_per_worker == [0]
                         else join_labels(cell_label(cell), part))
                configs[(label, scenario)] = run_cfg
    return configs


def _checked_key(base: list[str], cfg: K3DConfig) -> tuple:
    """What the composed configs depend on: the command line's model keys and the study."""
    return tuple(base), json.dumps(dataclasses.asdict(cfg.study), sort_keys=True, default=str)


def _rollout_configs(base: list[str], cfg: K3DConfig) -> dict:
    """One cell per municipality type of the region (× caseload), its typical municipality
    derived from population by the presets' rules."""
    from sim.places import place_types, type_town

    configs = {}
    for kind in place_types(cfg.study.region):
        town = type_town(cfg.study.region, kind)
        for scenario in cfg.study.scenarios:
            composed = compose_config([*base, f"scenario={scenario}"])
            composed.municipality = copy.deepcopy(town)
            validate(composed.model())
            for value in cfg.study.families_per_worker:
                run_cfg, part = with_caseload(composed, value)
                label = (f"type={kind.key}" if cfg.study.families_per_worker == [0]
                         else join_labels(f"type={kind.key}", part))
                configs[(label, scenario)] = run_cfg
    return configs


def _kind_outputs(root: Path, cfg: K3DConfig) -> None:
    """The roll-out projection or the discovered boxes, from the gathered summary."""
    import pandas as pd

    if cfg.study.kind not in ("rollout", "discovery"):
        return
    summary = pd.read_csv(root / "summary.csv")
    if cfg.study.kind == "rollout":
        from sim.analysis.rollout import projection
        from sim.places import place_types

        counts = {f"type={k.key}": k.count for k in place_types(cfg.study.region)}
        totals, by_type = [], []
        for rest, block in summary.groupby(summary["cell"].str.replace(
                r"^type=[a-z_]+,?", "", regex=True)):
            block = block.assign(cell=block["cell"].str.extract(r"^(type=[a-z_]+)")[0])
            total, where = projection(block, counts, cfg.study.baseline)
            totals.append(total.assign(cell=rest or "base"))
            by_type.append(where.assign(cell=rest or "base",
                                        type=where["type"].str.removeprefix("type=")))
        pd.concat(totals).to_csv(root / "rollout.csv", index=False)
        pd.concat(by_type).to_csv(root / "rollout_by_type.csv", index=False)
    else:
        from sim.analysis.discovery import BOX_COLUMNS, discover

        d = cfg.study.discovery
        found = discover(summary, cfg.study.baseline, d.scenario, d.criterion, d.min_gain,
                         d.min_coverage, d.mass_min)
        if found is None:  # nothing to find: header only, the report says why
            pd.DataFrame(columns=BOX_COLUMNS).to_csv(root / "discovery.csv", index=False)
            return
        found.box.assign(coverage=found.coverage, density=found.density, cases=found.cases,
                         of_interest=found.of_interest).to_csv(root / "discovery.csv",
                                                               index=False)
        found.trajectory.to_csv(root / "discovery_tradeoff.csv", index_label="step")


def worker_processes(requested: int) -> int:
    """Parallel processes: as asked, but never more than the cores this process may use."""
    cores = available_cores()
    if requested > cores:
        print(f"k3d: jobs={requested} capped at the {cores} cores available", file=sys.stderr)
        return cores
    return requested


def available_cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _sensitivity_configs(base: list[str], cfg: K3DConfig, root: Path) -> dict:
    """One cell per SALib sample; the baseline and the target scenario in each."""
    from sim.analysis.sensitivity import cell_of, sample, save_samples
    from sim.overrides import apply_overrides, get_value

    sens = cfg.study.sensitivity
    if not sens.parameters:
        raise InputError("study.sensitivity.parameters is empty; allowed: a map of config keys "
                         "to [low, high]")
    x = sample(dataclasses.asdict(sens), cfg.seed)
    save_samples(root, x, list(sens.parameters))
    scenarios = {name: compose_config([*base, f"scenario={name}"])
                 for name in (cfg.study.baseline, sens.target)}
    configs = {}
    for i, row in enumerate(x):
        for name, scenario_cfg in scenarios.items():
            values = {}
            for key, value in zip(sens.parameters, row):
                current = get_value(scenario_cfg, key)
                values[key] = int(round(value)) if isinstance(current, int) else float(value)
            configs[(cell_of(i), name)] = apply_overrides(scenario_cfg, values)
    return configs


def fingerprint(cfg: K3DConfig) -> str:
    """Model code, data and the study's configuration (bar replications, jobs, language): runs
    stored under another fingerprint must not be reused."""
    digest = _model_digest(cfg.model())
    study = dataclasses.asdict(cfg.study)
    digest.update(json.dumps(study, sort_keys=True, default=str).encode())
    digest.update(f"uncertainty={cfg.uncertainty}".encode())
    return digest.hexdigest()[:16]


def run_fingerprint(cfg: SimConfig) -> str:
    """Model code, data and one run's parameters (scenario, place, seed, weeks…): a single run's
    folder, or a run shared by the jobs of a sweep, is reused only for the same fingerprint.
    A switched-off dimension's parameters do nothing (tests/test_sweep_report.py checks it), so
    they are left out: the siloed baseline of a sweep over PZK parameters is one run."""
    return _model_digest(_without_inert(cfg)).hexdigest()[:16]


def _without_inert(cfg):
    """``cfg`` with each switched-off dimension (``scenario.pzk`` …) at its defaults."""
    scenario = cfg.scenario
    off = {d: type(getattr(scenario, d))(enabled=False) for d in DIMENSIONS
           if not getattr(scenario, d).enabled}
    return dataclasses.replace(cfg, scenario=dataclasses.replace(scenario, **off))


def _model_digest(cfg: SimConfig):
    digest = hashlib.sha256(_code_digest())
    digest.update(config_yaml(cfg).encode())
    return digest


@functools.cache
def _code_digest() -> bytes:
    """The model's code and data, read once per process (each job of a sweep needs it)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        if "dashboard" not in path.parts:
            digest.update(path.read_bytes())
    return digest.digest()


def _set_aside_stale_runs(root: Path, current: str) -> None:
    """Runs from another model version or configuration are moved aside, never mixed in."""
    old_path = root / "study.json"
    if not old_path.exists() or not (root / "jobs").exists():
        return
    old = json.loads(old_path.read_text()).get("fingerprint")
    if old != current:
        aside = root / f"jobs.stale-{old or 'unknown'}"
        os.replace(root / "jobs", aside)
        print(f"k3d: {root} held runs of another model version or configuration; moved them to "
              f"{aside.name} and starting afresh", file=sys.stderr)

