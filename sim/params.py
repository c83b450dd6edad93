"""Parameter declarations that carry their unit, allowed range and provenance.

Every model parameter is a dataclass field made with :func:`param`. The metadata feeds
validation (`sim.config.validate`), the provenance table and the documentation, so a number
never enters the model without saying where it comes from.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import field
from typing import Any

ASSUMPTION = "assumption"


def param(
    default: Any,
    unit: str,
    lo: float | None = None,
    hi: float | None = None,
    source: str = ASSUMPTION,
    doc: str = "",
    keys: tuple[str, ...] | None = None,
    allowed: str = "",
    at_most: str = "",
) -> Any:
    """A config field with unit, range [lo, hi], provenance and, for dicts, lists and choices,
    the allowed keys. ``allowed`` words the keys for a message when listing them would not read
    well; ``at_most`` names a sibling field this one may not exceed. The validator reads only
    this metadata, never a field's name."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "source": source, "doc": doc, "keys": keys,
            "allowed": allowed, "at_most": at_most}
    if isinstance(default, (dict, list)):  # each instance gets its own deep copy
        return field(default_factory=lambda: copy_config(default), metadata=meta)
    return field(default=default, metadata=meta)


def section(cls: type) -> Any:
    """A nested config block."""
    return field(default_factory=cls)


def copy_config(node: Any) -> Any:
    """A deep copy of a config: its blocks (dataclasses), dicts and lists are copied, its
    numbers, strings and flags shared (immutable); anything else is deep-copied. Faster than
    ``copy.deepcopy``, which would look every leaf up in its memo."""
    if node is None or isinstance(node, (str, int, float)):
        return node
    if isinstance(node, dict):
        return {key: copy_config(value) for key, value in node.items()}
    if isinstance(node, list):
        return [copy_config(value) for value in node]
    if dataclasses.is_dataclass(type(node)) and hasattr(node, "__dict__"):  # not slots
        block = object.__new__(type(node))  # as copy.copy makes it: no __init__
        block.__dict__.update({name: copy_config(value) for name, value in vars(node).items()})
        return block
    return copy.deepcopy(node)
