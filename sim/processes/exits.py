"""Leaving assistance and coming back.

A family whose needs all stay below the independence threshold for some weeks leaves assistance
(its case is closed, its services and team end). A family that left comes back when a need grows
past the re-entry threshold (it applies again) or when a crisis strikes.
"""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.population import ACTIVE, EXITED
from sim.processes.process import Process
from sim.rng import Streams
from sim.state import State


class Exits(Process):
    streams = ("reentry",)

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        self.cfg = cfg.behaviour.families

    def __call__(self, state: State) -> None:
        fam, cfg = state.families, self.cfg
        status = fam.view("status")
        fam.view("weeks_active")[status == ACTIVE] += 1
        sev_max = fam.view("severity").max(axis=1)
        calm = (status == ACTIVE) & (sev_max < cfg.independence_threshold)
        stable = fam.view("stable_weeks")
        stable[:] = np.where(calm, stable + 1, 0)
        leaving = np.flatnonzero(calm & (stable >= cfg.weeks_to_independence))
        returning = np.flatnonzero((status == EXITED) & (sev_max >= cfg.reentry_threshold))
        returning = returning[self.dice("reentry")(state.now, returning)
                              < cfg.reentry_probability]
        state.discharge(leaving)
        state.readmit(returning)
