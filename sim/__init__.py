"""Kooperacje 3D simulator: multisector cooperation for persons and families (ABM, Mesa)."""

from sim.api import Result, run
from sim.config import SimConfig
from sim.model import KooperacjeModel

__all__ = ["KooperacjeModel", "Result", "SimConfig", "run"]
