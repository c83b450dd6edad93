"""``k3d``: the Hydra command line over ``configs/``.

Before Hydra starts, the overrides are checked against the typed schema so that a bad value,
an unknown preset or a misspelled key ends in one line naming the key, the value and what is
allowed (exit status 2), and nothing is simulated.
"""

from __future__ import annotations

import dataclasses
import logging
import difflib
import sys
import time
from pathlib import Path

import hydra
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from omegaconf import OmegaConf

from sim.api import run
from sim.config import SimConfig
from sim.validation import ConfigError, validate

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
GROUPS = ("scenario", "municipality")

ConfigStore.instance().store(name="k3d_schema", node=SimConfig)


class InputError(Exception):
    """Bad command-line input; the message is the one line the user sees."""


def options(group: str) -> list[str]:
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def _check_key(path: list[str], value: str) -> None:
    node: object = SimConfig()
    for depth, part in enumerate(path):
        key = ".".join(path[: depth + 1])
        if dataclasses.is_dataclass(node):
            names = [f.name for f in dataclasses.fields(node)]
        elif isinstance(node, dict):
            names = list(node)
        else:
            names = []
        if part not in names:
            near = difflib.get_close_matches(part, names, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            allowed = ", ".join(names) if names else "no sub-keys"
            raise InputError(f"unknown key '{key}'{hint}; allowed here: {allowed}")
        node = getattr(node, part) if dataclasses.is_dataclass(node) else node[part]


def _expand(overrides: list[str]) -> list[list[str]]:
    """Plain overrides, and for sweeps every value once (the others at their first value)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # Hydra's parse errors carry the useful text in their message
        raise InputError(str(exc).splitlines()[0]) from None
    firsts, variants = [], []
    for o in parsed:
        key = o.get_key_element()
        if o.is_sweep_override():
            values = list(o.sweep_string_iterator())
            firsts.append(f"{key}={values[0]}")
            variants.append((len(firsts) - 1, [f"{key}={v}" for v in values[1:]]))
        else:
            firsts.append(f"{key}={o.get_value_element_as_str()}")
    runs = [firsts]
    for i, others in variants:
        for v in others:
            runs.append(firsts[:i] + [v] + firsts[i + 1:])
    return runs


def _check_names(overrides: list[str]) -> None:
    for item in overrides:
        key, _, value = item.partition("=")
        key = key.lstrip("+~")
        if key == "hydra" or key.startswith(("hydra.", "hydra/")):
            continue
        if key in GROUPS:
            if value not in options(key):
                raise InputError(f"{key}='{value}' is not known; allowed: "
                                 + ", ".join(options(key)))
            continue
        _check_key(key.split("."), value)


def compose_config(overrides: list[str]) -> SimConfig:
    """The typed config of these overrides, or :class:`InputError` with one line."""
    from hydra import compose, initialize_config_dir

    _check_names(overrides)
    plain = [o for o in overrides if not o.lstrip("+~").startswith("hydra")]
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=plain)
    except Exception as exc:
        raise InputError(_first_line(exc)) from None
    return to_sim_config(cfg)


def to_sim_config(cfg) -> SimConfig:
    cfg = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]) if "hydra" in cfg else cfg
    sim_cfg = OmegaConf.to_object(cfg)
    try:
        validate(sim_cfg)
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    return sim_cfg


def _first_line(exc: BaseException) -> str:
    """The headline of Hydra's error, with the root cause (e.g. a type mismatch) after it."""
    def line(e: BaseException) -> str:
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        return lines[0] if lines else type(e).__name__

    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    head = line(exc)
    return head if root is exc else f"{head}: {line(root)}"


def preflight(argv: list[str]) -> None:
    overrides = [a for a in argv if not a.startswith("-")]
    for variant in _expand(overrides):
        compose_config(variant)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _app(cfg) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    started = time.perf_counter()
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        sim_cfg = to_sim_config(cfg)
    except InputError as exc:
        _fail(str(exc))
    result = run(sim_cfg)
    result.save(out)
    s = result.summary
    print(f"k3d: scenario={s['scenario']} municipality={s['municipality']} seed={s['seed']} "
          f"weeks={s['weeks']}: {s['exits_to_independence']} exits to independence, "
          f"{s['crises_total']} crises, cost {s['cost_total']:,.0f} PLN")
    print(f"k3d: results in {out}")
    print(f"k3d: wall time {time.perf_counter() - started:.1f} s")


def _fail(message: str) -> None:
    print(f"k3d: error: {message}", file=sys.stderr)
    sys.exit(2)


def main() -> None:
    argv = sys.argv[1:]
    if not any(a in ("--help", "-h", "--hydra-help", "--info") or a.startswith("--cfg")
               for a in argv):
        try:
            preflight(argv)
        except InputError as exc:
            _fail(str(exc))
    _app()
