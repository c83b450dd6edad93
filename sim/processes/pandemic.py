"""A pandemic-like shock (as COVID-19 from March 2020): the week it starts, existing needs jump;
while it lasts, institutions run at reduced capacity and workers meet families by phone (shorter
contacts that reveal less and build less trust). Exogenous: identical in every scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import SimConfig
from sim.domain import NEEDS
from sim.processes.process import Process
from sim.state import State


@dataclass(frozen=True)
class Conditions:
    """This week's multipliers on capacity and on contact with families (1 = normal)."""

    capacity: float = 1.0
    contact_hours: float = 1.0
    diagnosis: float = 1.0
    trust: float = 1.0


NORMAL = Conditions()


class Pandemic(Process):
    """Returns the week's conditions; in its first week, raises the needs families have."""

    def __init__(self, cfg: SimConfig):
        super().__init__()
        self.cfg = cfg.behaviour.pandemic
        c = self.cfg
        self.jump = np.array([c.need_jump.get(n, 0.0) for n in NEEDS])
        self.during = Conditions(c.capacity_factor, c.contact_hours_factor, c.diagnosis_factor,
                                 c.trust_factor)

    def __call__(self, state: State) -> Conditions:
        c, week = self.cfg, state.now
        if c.start_week == 0 or not c.start_week <= week < c.start_week + c.duration_weeks:
            return NORMAL
        if week == c.start_week:
            self._needs_jump(state)
        return self.during

    def _needs_jump(self, state: State) -> None:
        sev = state.families.view("severity")
        has = (sev > 0) & state.active()[:, None]
        sev += np.where(has, self.jump, 0.0)
        np.clip(sev, 0.0, 1.0, out=sev)
