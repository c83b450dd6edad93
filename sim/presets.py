"""A user's preset file (``--config-dir``, ``hydra.searchpath``) checked as ours are.

Hydra would compose an empty file into default values without a word, and its messages for a
bad key or type name the key but not the file. Here every problem names the file and the line.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.study.config import K3DConfig
from sim.validation import ConfigError, validate

GLOBAL = "experiment"  # its presets are `# @package _global_`: keys from the config's root


def check_preset(path: Path, group: str, ours: Path) -> None:
    """Raise ValueError naming the file and line of the first problem: YAML syntax, an empty
    file, a key every preset of ours sets but this one lacks, an unknown key, a wrong type or
    a value out of range."""
    text = path.read_text()
    try:
        node = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark or exc.context_mark).line + 1
        raise ValueError(f"{path}, line {line}: YAML syntax error ({exc.problem}); allowed: "
                         f"YAML like {ours / group}/*.yaml") from None
    if node is None or not isinstance(node, yaml.MappingNode) or not node.value:
        raise ValueError(f"{path}: holds no settings; allowed: a mapping of {group} keys, at "
                         f"least {', '.join(sorted(required(group, ours)))}")
    lines = dict(_key_lines(node, ""))
    data = yaml.safe_load(text)
    missing = sorted(required(group, ours) - set(data))
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}; allowed: a {group} preset "
                         f"setting at least {', '.join(sorted(required(group, ours)))}")
    root = "" if group == GLOBAL else f"{group}."
    try:
        merged = OmegaConf.merge(OmegaConf.structured(K3DConfig),
                                 data if group == GLOBAL else {group: data})
        validate(OmegaConf.to_object(merged))
    except OmegaConfBaseException as exc:
        key = (exc.full_key or "").removeprefix(root)
        raise ValueError(f"{path}, line {_line(lines, key)}: {key}: "
                         f"{str(exc).splitlines()[0]}; allowed: {_allowed(exc)}") from None
    except ConfigError as exc:
        key = exc.key.removeprefix(root)
        raise ValueError(f"{path}, line {_line(lines, key)}: {exc}") from None


def required(group: str, ours: Path) -> set[str]:
    """The keys every one of our presets of the group sets."""
    sets = [set(yaml.safe_load(p.read_text()) or {}) for p in (ours / group).glob("*.yaml")]
    return set.intersection(*sets) if sets else set()


def _key_lines(node: yaml.MappingNode, prefix: str):
    """(dotted key, line) for every key of the file, nested ones included."""
    for key, value in node.value:
        dotted = f"{prefix}{key.value}"
        yield dotted, key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            yield from _key_lines(value, f"{dotted}.")


def _line(lines: dict[str, int], key: str) -> int | str:
    """The line of a key, or of its nearest parent the file sets."""
    while key and key not in lines:
        key = key.rpartition(".")[0]
    return lines.get(key, "?")


def _allowed(exc: OmegaConfBaseException) -> str:
    """What the schema allows where OmegaConf refused (a key or a type)."""
    if dataclasses.is_dataclass(exc.object_type) and "not in" in str(exc):
        return "one of " + ", ".join(f.name for f in dataclasses.fields(exc.object_type))
    from sim.configure import TYPE_HINTS

    return next((allowed for failed, allowed in TYPE_HINTS.items() if failed in str(exc)),
                "the types listed by k3d-params")
