"""Kooperacje 3D simulator: multisector cooperation for persons and families (ABM, Mesa).

``sim.run``, ``sim.SimConfig``, ``sim.KooperacjeModel`` and ``sim.Result`` load on first use:
the command line checks its input before Mesa, pandas and SciPy are imported, so a refused
command ends in well under a second.
"""

from importlib import import_module

from sim.kernel_cache import use_source_cache

use_source_cache()  # before any module of ours imports numba

_HOME = {"run": "sim.api", "Result": "sim.api", "SimConfig": "sim.config",
         "KooperacjeModel": "sim.model"}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)
