"""A whole study from one command: compose configs, run jobs (resumable), gather, report."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

from omegaconf import OmegaConf

from sim.config import K3DConfig
from sim.configure import InputError, compose_config
from sim.report import document
from sim.study.gather import gather, write_text_atomic
from sim.study.plan import cell_label, cells, jobs_for
from sim.study.runner import failures, is_complete, run_jobs
from sim.validation import provenance_rows

PACKAGES = ("kooperacje3d", "mesa", "numpy", "pandas", "scipy", "hydra-core", "seaborn", "joblib")
STUDY_KEYS = ("replications", "lang", "jobs")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _plain(cfg: K3DConfig) -> str:
    return OmegaConf.to_yaml(OmegaConf.structured(cfg))


def run_study(overrides: list[str], cfg: K3DConfig, root: Path, progress: bool = True) -> int:
    """Run (or resume) the study in ``root``; return the number of failed runs."""
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    if cfg.study.kind in ("calibrate", "validate"):
        from sim.study.calibrate import run_calibrate, run_validate

        if cfg.study.kind == "calibrate":
            run_calibrate(cfg, root)
        else:
            run_validate(overrides, cfg, root)
        print(f"k3d: wall time {time.perf_counter() - started:.1f} s")
        return 0
    base = [o for o in overrides if not o.lstrip("+~").startswith("hydra")]
    if cfg.study.kind == "sensitivity":
        configs = _sensitivity_configs(base, cfg, root)
    else:
        configs = {}
        for cell in cells(cfg.study.grid):
            for scenario in cfg.study.scenarios:
                cell_overrides = [f"{k}={v}" for k, v in cell.items()]
                configs[(cell_label(cell), scenario)] = compose_config(
                    [*base, f"scenario={scenario}", *cell_overrides])
    save_families = cfg.study.save_families or cfg.study.kind == "pilot"
    jobs = jobs_for(configs, cfg.replications, save_families)
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
        "replications": cfg.replications,
        "seed": cfg.seed,
        "weeks": cfg.weeks,
        "municipality": cfg.municipality.name,
        "weekly_hours": cfg.behaviour.workers.weekly_hours,
        "lang": cfg.lang,
        "versions": versions(),
        "config_yaml": _plain(cfg),
        "parameters": provenance_rows(cfg),
        "fingerprint": fingerprint(cfg),
    }
    _set_aside_stale_runs(root, study["fingerprint"])
    write_text_atomic(root / "study.json", json.dumps(study, indent=1, default=str))
    run_jobs(root, jobs, n_jobs=cfg.jobs, progress=progress)
    failed = failures(root)
    complete = [j for j in jobs if is_complete(root, j)]
    if complete:
        gather(root)
        study["failures"] = failed
        write_text_atomic(root / "study.json", json.dumps(study, indent=1, default=str))
        document.build(root, cfg.lang)
    for key, line in failed:
        print(f"k3d: run {key} failed: {line}", file=sys.stderr)
    print(f"k3d: {len(complete)} of {len(jobs)} runs complete; results in {root}")
    print(f"k3d: wall time {time.perf_counter() - started:.1f} s")
    return len(failed)


def _sensitivity_configs(base: list[str], cfg: K3DConfig, root: Path) -> dict:
    """One cell per SALib sample; the baseline and the target scenario in each."""
    from sim.analysis.sensitivity import cell_of, sample, save_samples
    from sim.overrides import apply_overrides

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
                current = _get(scenario_cfg, key)
                values[key] = int(round(value)) if isinstance(current, int) else float(value)
            configs[(cell_of(i), name)] = apply_overrides(scenario_cfg, values)
    return configs


def _get(cfg, dotted: str):
    node = cfg
    for part in dotted.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node


def fingerprint(cfg: K3DConfig) -> str:
    """Model code, data and the study's configuration (bar replications, jobs, language): runs
    stored under another fingerprint must not be reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        if "dashboard" not in path.parts:
            digest.update(path.read_bytes())
    digest.update(_plain(_model_part(cfg)).encode())
    study = dataclasses.asdict(cfg.study)
    digest.update(json.dumps(study, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


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


def _model_part(cfg: K3DConfig):
    """The model's parameters without the study's own keys."""
    from sim.config import SimConfig

    return SimConfig(**{f.name: getattr(cfg, f.name) for f in dataclasses.fields(SimConfig)})
