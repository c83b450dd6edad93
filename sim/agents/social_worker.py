"""SocialWorker (pracownik socjalny): splits the week, contacts families, diagnoses, refers.

Workers' state lives in :class:`Workforce` (one row per worker, owned by the model) so a week of
the whole team is computed at once; the Mesa agent is the handle an analyst inspects.
"""

from __future__ import annotations

import mesa
import numpy as np
from numba import njit

from sim.config import WorkerConfig


class Workforce:
    def __init__(self, n: int, cfg: WorkerConfig, skill: np.ndarray):
        self.cfg = cfg
        self.skill = skill
        self.burnout = np.zeros(n)
        self.teams = np.zeros(n, np.int64)
        self.caseload = np.zeros(n, np.int64)
        # this week's hours, filled in place by casework's kernel
        self.hours = {"direct": np.zeros(n), "coordination": np.zeros(n),
                      "administration": np.zeros(n)}

    def __len__(self) -> int:
        return len(self.skill)


@njit(cache=True)
def split_week(available, admin_share, coordination_demand, caseload, desired_contacts,
                per_contact):
    """Per worker: administration, coordination (as much as asked, within what administration
    leaves), direct hours (the rest); the share of the desired contacts the direct hours allow
    (time factor, at most 1), the probability of meaning to contact a family, how many contacts
    fit, and the pressure (hours asked / hours available)."""
    n = len(caseload)
    admin = np.full(n, admin_share * available)
    coordination, direct = np.empty(n), np.empty(n)
    probability, time_factor, pressure = np.empty(n), np.empty(n), np.empty(n)
    max_contacts = np.empty(n, np.int64)
    for w in range(n):
        coordination[w] = min(coordination_demand[w], available - admin[w])
        direct[w] = available - admin[w] - coordination[w]
        wanted = caseload[w] * desired_contacts * per_contact
        time_factor[w] = min(direct[w] / wanted, 1.0) if wanted > 0 else 1.0
        probability[w] = min(desired_contacts * time_factor[w], 1.0)
        # a contact that fits but for rounding still fits
        max_contacts[w] = np.int64(np.floor(direct[w] / per_contact + 1e-9))
        pressure[w] = (admin[w] + coordination_demand[w] + wanted) / available
    return admin, coordination, direct, probability, time_factor, max_contacts, pressure


@njit(cache=True)
def wear(burnout, pressure, rate, recovery):
    """Burnout (in [0, 1]) grows by ``rate`` per unit of pressure above 1 and loses ``recovery``
    of itself."""
    for w in range(len(burnout)):
        grown = burnout[w] + (rate * max(pressure[w] - 1.0, 0.0) - recovery * burnout[w])
        burnout[w] = min(max(grown, 0.0), 1.0)


@njit(cache=True)
def quality(burnout, penalty):
    """How much of a contact's diagnostic and trust-building power burnout leaves."""
    return 1.0 - penalty * burnout


class SocialWorker(mesa.Agent):
    """One worker of the OPS."""

    def __init__(self, model: mesa.Model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def caseload(self) -> int:
        return int(self.model.state.workforce.caseload[self.index])

    @property
    def burnout(self) -> float:
        return float(self.model.state.workforce.burnout[self.index])

    @property
    def skill(self) -> float:
        return float(self.model.state.workforce.skill[self.index])
