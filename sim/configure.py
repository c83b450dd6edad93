"""From command-line overrides to a checked, typed config (the Hydra boundary).

A bad value, an unknown preset or a misspelled key becomes one :class:`InputError` line naming
the key, the value and what is allowed, before anything is simulated.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.config import K3DConfig
from sim.validation import ConfigError, validate

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
GROUPS = ("scenario", "municipality", "experiment")

ConfigStore.instance().store(name="k3d_schema", node=K3DConfig)


class InputError(Exception):
    """Bad input; the message is the one line the user sees."""


def options(group: str) -> list[str]:
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def check_key(path: list[str]) -> None:
    """Refuse a dotted key that the schema does not have, suggesting the nearest one."""
    node: object = K3DConfig()
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


def expand_sweeps(overrides: list[str]) -> list[list[str]]:
    """Plain overrides, and for sweeps every value once (the others at their first value)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # Hydra's parse errors carry the useful text in their message
        raise InputError(first_line(exc)) from None
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
        runs += [firsts[:i] + [v] + firsts[i + 1:] for v in others]
    return runs


def check_names(overrides: list[str]) -> None:
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
        check_key(key.split("."))


def compose_config(overrides: list[str]) -> K3DConfig:
    """The typed, checked config of these overrides, or :class:`InputError` with one line."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    check_names(overrides)
    plain = [o for o in overrides if not o.lstrip("+~").startswith("hydra")]
    try:
        if GlobalHydra.instance().is_initialized():
            cfg = compose(config_name="config", overrides=plain)
        else:
            with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
                cfg = compose(config_name="config", overrides=plain)
    except Exception as exc:
        raise InputError(first_line(exc)) from None
    return to_typed(cfg)


def to_typed(cfg) -> K3DConfig:
    if "hydra" in cfg:
        cfg = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"])
    typed = OmegaConf.to_object(cfg)
    try:
        validate(typed)
        check_study(typed)
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    return typed


def check_study(cfg: K3DConfig) -> None:
    known = options("scenario")
    for name in cfg.study.scenarios:
        if name not in known:
            raise ConfigError("study.scenarios", name, "one of " + ", ".join(known))
    if cfg.study.baseline not in cfg.study.scenarios:
        raise ConfigError("study.baseline", cfg.study.baseline,
                          "one of study.scenarios: " + ", ".join(cfg.study.scenarios))
    for block, keys in (("grid", cfg.study.grid), ("sensitivity.parameters",
                                                    cfg.study.sensitivity.parameters)):
        for key in keys:
            try:
                check_key(key.split("."))
            except InputError as exc:
                raise ConfigError(f"study.{block}.{key}", keys[key], str(exc)) from None
    for value in cfg.study.families_per_worker:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError("study.families_per_worker", value,
                              "a list of whole numbers >= 0 (0 = the preset's workers)")
    if (any(cfg.study.families_per_worker)
            and "municipality.social_workers" in cfg.study.grid):
        raise ConfigError("study.families_per_worker", cfg.study.families_per_worker,
                          "[0] when study.grid varies municipality.social_workers")
    if not cfg.study.families_per_worker:
        raise ConfigError("study.families_per_worker", [], "at least one value (0 = the "
                          "preset's workers)")
    if cfg.study.sensitivity.target not in known:
        raise ConfigError("study.sensitivity.target", cfg.study.sensitivity.target,
                          "one of " + ", ".join(known))


def first_line(exc: BaseException) -> str:
    """The headline of Hydra's error, with the root cause (e.g. a type mismatch) after it."""
    def line(e: BaseException) -> str:
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        if len(lines) > 1 and lines[0].endswith(":"):  # "…raised while composing config:"
            return f"{lines[0]} {lines[1]}"
        return lines[0] if lines else type(e).__name__

    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    head = line(exc)
    text = head if root is exc else f"{head}: {line(root)}"
    for kind, allowed in TYPE_HINTS.items():  # the parser says what failed, not what is allowed
        if f"converted to {kind}" in text and "allowed" not in text:
            return f"{text}; allowed: {allowed}"
    return text


TYPE_HINTS = {"Integer": "a whole number", "Float": "a number", "Boolean": "true or false"}


def preflight(argv: list[str]) -> None:
    """Check every run a command line would make, before Hydra starts any."""
    overrides = [a for a in argv if not a.startswith("-")]
    for variant in expand_sweeps(overrides):
        compose_config(variant)
