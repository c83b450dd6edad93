"""Leaving assistance and coming back.

A family whose needs all stay below the independence threshold for some weeks leaves assistance
(its case is closed, its services and team end). A family that left comes back when a need grows
past the re-entry threshold (it applies again) or when a crisis strikes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import SimConfig
from sim.population import ACTIVE, EXITED
from sim.processes.process import Process
from sim.rng import Streams, cast
from sim.state import State

# the rules' parameters, packed once (``Exits.rules``)
INDEPENDENCE, WEEKS_TO_INDEPENDENCE, REENTRY, REENTRY_PROBABILITY = range(4)


class Exits(Process):
    streams = ("reentry",)

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        c = cfg.behaviour.families
        self.rules = np.array([c.independence_threshold, c.weeks_to_independence,
                               c.reentry_threshold, c.reentry_probability], np.float64)

    def __call__(self, state: State) -> None:
        fam = state.families
        leaving, returning = _leaving_and_returning(
            fam.view("status"), fam.view("severity"), fam.view("weeks_active"),
            fam.view("stable_weeks"), self.rules, state.now, self.key["reentry"])
        if len(leaving):
            state.discharge(leaving)
        if len(returning):
            state.readmit(returning)


@njit(cache=True)
def _leaving_and_returning(status, severity, weeks_active, stable, rules, week, reentry_die):
    """Rows of active families whose needs have all stayed below the independence threshold
    long enough (counting the week), and of families that left and apply again (a need past the
    re-entry threshold, and the die says so)."""
    independence, weeks_needed = rules[INDEPENDENCE], rules[WEEKS_TO_INDEPENDENCE]
    reentry, reentry_probability = rules[REENTRY], rules[REENTRY_PROBABILITY]
    n, n_needs = severity.shape
    leaving, returning = np.empty(n, np.int64), np.empty(n, np.int64)
    n_leaving = n_returning = 0
    for r in range(n):
        worst = severity[r, 0]
        for k in range(1, n_needs):
            worst = max(worst, severity[r, k])
        if status[r] == ACTIVE:
            weeks_active[r] += 1
            stable[r] = stable[r] + 1 if worst < independence else 0
            if stable[r] >= weeks_needed:
                leaving[n_leaving] = r
                n_leaving += 1
        else:
            stable[r] = 0
            if (status[r] == EXITED and worst >= reentry
                    and cast(reentry_die, week, r, 0) < reentry_probability):
                returning[n_returning] = r
                n_returning += 1
    return leaving[:n_leaving].copy(), returning[:n_returning].copy()
