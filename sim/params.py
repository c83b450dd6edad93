"""Parameter declarations that carry their unit, allowed range and provenance.

Every model parameter is a dataclass field made with :func:`param`. The metadata feeds
validation (`sim.config.validate`), the provenance table and the documentation, so a number
never enters the model without saying where it comes from.
"""

from __future__ import annotations

import copy
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
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


def section(cls: type) -> Any:
    """A nested config block."""
    return field(default_factory=cls)

