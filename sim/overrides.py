"""Flat keyword overrides (``scenario__pzk__information_sharing=0.8``) onto a typed config.

The model constructor takes flat keywords so that dashboards (SolaraViz) can drive it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sim.params import copy_config
from sim.validation import ConfigError

SEP = "__"


def override_key(override: str) -> str:
    """The key a command-line override sets, as written but without ``+``/``~``
    (``+scenario.pzk.members=[police]`` -> ``scenario.pzk.members``)."""
    return override.split("=", 1)[0].lstrip("+~")


def override_keys(overrides: list[str]) -> list[str]:
    """The keys a command line sets."""
    return [override_key(o) for o in overrides]


def names_scenario(overrides: list[str]) -> bool:
    """Whether a command line runs one scenario (``scenario=pzk``) rather than a study."""
    return "scenario" in override_keys(overrides)


def municipality_keys(overrides: list[str]) -> list[str]:
    """The municipality keys a command line sets: ``social_workers``,
    ``institutions.health.count``…"""
    return [k.removeprefix("municipality.") for k in override_keys(overrides)
            if k.startswith("municipality.")]


def apply_overrides(cfg: Any, overrides: dict[str, Any], *, own: bool = False) -> Any:
    """A copy of ``cfg`` with each ``a__b__c`` (or ``a.b.c``) key set; unknown keys refused.
    ``own``: ``cfg`` is the caller's own new config, set in place (no copy)."""
    if not own:
        cfg = copy_config(cfg)
    for flat_key, value in overrides.items():
        path = flat_key.replace(SEP, ".").split(".")
        node = cfg
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            if dataclasses.is_dataclass(node):
                names = [f.name for f in dataclasses.fields(node)]
                if part not in names:
                    raise ConfigError(".".join(path[: depth + 1]), value,
                                      "keys " + ", ".join(names))
                if last:
                    setattr(node, part, value)
                else:
                    node = getattr(node, part)
            elif isinstance(node, dict):
                if part not in node:
                    raise ConfigError(".".join(path[: depth + 1]), value,
                                      "keys " + ", ".join(node))
                if last:
                    node[part] = value
                else:
                    node = node[part]
            else:
                raise ConfigError(".".join(path[: depth + 1]), value, "a key of a config block")
    return cfg


def get_value(cfg: Any, key: str) -> Any:
    """The value at a dotted (or ``__``) key of a typed config."""
    node = cfg
    for part in key.replace(SEP, ".").split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node
