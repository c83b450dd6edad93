"""Checks a typed config against the declared ranges; one clear message per bad value."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any, Iterator, Sequence

from sim.config import SimConfig


class ConfigError(ValueError):
    """A config value outside what is allowed; the message names key, value and what is allowed."""

    def __init__(self, key: str, value: Any, allowed: str):
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"{key}={value!r} is not allowed; allowed: {allowed}")


def _fmt_range(lo: float | None, hi: float | None) -> str:
    lo_s = "-inf" if lo is None else f"{lo:g}"
    hi_s = "inf" if hi is None else f"{hi:g}"
    return f"a number in [{lo_s}, {hi_s}]"


def _check_number(key: str, value: Any, lo: float | None, hi: float | None) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(key, value, _fmt_range(lo, hi))
    if value != value or (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(key, value, _fmt_range(lo, hi))


def _check_keys(key: str, names: Any, meta: dict) -> None:
    allowed = meta["keys"]
    for name in names:
        if name not in allowed:
            raise ConfigError(f"{key}.{name}" if isinstance(names, dict) else key, name,
                              meta.get("allowed") or "one of " + ", ".join(allowed))


def _check_value(key: str, value: Any, meta: dict) -> None:
    lo, hi, keys = meta.get("lo"), meta.get("hi"), meta.get("keys")
    if dataclasses.is_dataclass(value):
        validate(value, prefix=key)
    elif isinstance(value, dict):
        if keys:
            _check_keys(key, value, meta)
        item_meta = {"lo": lo, "hi": hi}
        for name, item in value.items():
            _check_value(f"{key}.{name}", item, item_meta)
    elif isinstance(value, str) and keys:
        if value not in keys:
            raise ConfigError(key, value, "one of " + ", ".join(keys))
    elif isinstance(value, list):
        if keys:
            _check_keys(key, value, meta)
        elif lo is not None or hi is not None:  # a list of numbers, each in range
            for item in value:
                _check_number(key, item, lo, hi)
    elif isinstance(value, bool) or meta.get("unit") == "flag":
        if not isinstance(value, bool):
            raise ConfigError(key, value, "true or false")
    elif isinstance(value, (int, float)) or lo is not None or hi is not None:
        _check_number(key, value, lo, hi)


def validate(cfg: Any, prefix: str = "") -> None:
    """Raise :class:`ConfigError` for the first value outside its declared range."""
    declared, at_most = _declarations(type(cfg))
    for name, meta in declared:
        _check_value(f"{prefix}.{name}" if prefix else name, getattr(cfg, name), meta)
    for name, other in at_most:
        value, bound = getattr(cfg, name), getattr(cfg, other)
        if value > bound:
            raise ConfigError(f"{prefix}.{name}" if prefix else name, value,
                              f"at most {other} ({bound:g})")


@cache
def _declarations(cls: type) -> tuple[tuple[tuple[str, dict], ...], tuple[tuple[str, str], ...]]:
    """A config class's fields as (name, declaration), and those bounded by a sibling as
    (name, the sibling's name): read from the class once, not at every check of a config."""
    fields = dataclasses.fields(cls)
    return (tuple((f.name, dict(f.metadata)) for f in fields),
            tuple((f.name, f.metadata["at_most"]) for f in fields if f.metadata.get("at_most")))


def iter_params(cfg: Any, prefix: str = "") -> Iterator[tuple[str, Any, dict]]:
    """Every declared leaf parameter as (dotted key, value, metadata); for provenance tables."""
    for f in dataclasses.fields(cfg):
        key = f"{prefix}.{f.name}" if prefix else f.name
        value = getattr(cfg, f.name)
        if dataclasses.is_dataclass(value):
            yield from iter_params(value, key)
        elif isinstance(value, dict) and value and all(dataclasses.is_dataclass(v)
                                                       for v in value.values()):
            for name, item in value.items():
                yield from iter_params(item, f"{key}.{name}")
        elif f.metadata:
            yield key, value, dict(f.metadata)


def provenance_rows(cfg: SimConfig, overrides: Sequence[str] = ()) -> list[dict]:
    """The model's parameters (``K3DConfig.model()``, not a study's own keys) as rows: value,
    unit, range, source, origin and the plausible range a study with ``uncertainty=full`` draws from
    (sim/uncertainty.py). ``overrides`` is the command line; the origin says whether a value was
    set there, is the default, comes from a preset or, for a municipality's figures, was given
    or derived from its population (then the source says how, and ``source (pl)`` says it in
    Polish for the Polish report; other sources are citations, kept as written)."""
    from sim.overrides import municipality_keys, override_keys
    from sim.places import origins
    from sim.uncertainty import describe

    here = [k for k in override_keys(overrides) if "." in k]  # values, not choices of preset
    kept = municipality_keys(overrides)
    town, town_pl = origins(cfg.municipality, kept), origins(cfg.municipality, kept, "pl")
    defaults = {key: value for key, value, _ in iter_params(type(cfg)())}
    rows = []
    for key, value, meta in iter_params(cfg):
        if key == "municipality.given":
            continue  # which figures a preset gives is each figure's origin
        lo, hi = meta.get("lo"), meta.get("hi")
        source, source_pl = meta.get("source", ""), ""
        if key.removeprefix("municipality.") in town:
            origin, how = town[key.removeprefix("municipality.")]
            source, source_pl = how or source, town_pl[key.removeprefix("municipality.")][1]
        elif any(key == k or key.startswith(f"{k}.") for k in here):
            origin = "command line"
        else:
            origin = "default" if value == defaults.get(key) else "preset"
        rows.append({
            "parameter": key,
            "value": json.dumps(value, separators=(",", ":")) if isinstance(value, (dict, list))
            else str(value),
            "unit": meta.get("unit", ""),
            "range": "" if lo is None and hi is None else f"[{lo:g}, {hi:g}]",
            "source": source,
            "origin": origin,
            "plausible range (uncertainty)": describe(key),
            "source (pl)": source_pl,
        })
    return rows
