"""Kooperacje 3D simulator: multisector cooperation for persons and families (ABM, Mesa)."""

import importlib

__all__ = ["KooperacjeModel", "Result", "SimConfig", "run"]
_HOME = {"KooperacjeModel": "sim.model", "Result": "sim.api", "SimConfig": "sim.config",
         "run": "sim.api"}


def __getattr__(name: str):
    """``sim.run`` and the rest load the model on first use, so the command line's help and
    shell completion start without Mesa, pandas and matplotlib."""
    if name not in _HOME:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
