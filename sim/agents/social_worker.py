"""SocialWorker (pracownik socjalny): splits the week, contacts families, diagnoses, refers.

Workers' state lives in :class:`Workforce` (one row per worker, owned by the model) so a week of
the whole team is computed at once; the Mesa agent is the handle an analyst inspects.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import WorkerConfig
from sim.cooperation.client_work import ClientWork


@dataclass
class WeekPlan:
    """Per worker, this week's hours and what they allow."""

    admin: np.ndarray
    coordination: np.ndarray
    direct_available: np.ndarray
    hours_per_contact: float
    contact_probability: np.ndarray  # per family of the worker, before the family's own choice
    time_factor: np.ndarray  # 1 = unhurried contacts
    max_contacts: np.ndarray
    pressure: np.ndarray  # hours asked / hours available


class Workforce:
    def __init__(self, n: int, cfg: WorkerConfig, skill: np.ndarray):
        self.cfg = cfg
        self.skill = skill
        self.burnout = np.zeros(n)
        self.teams = np.zeros(n, np.int64)
        self.caseload = np.zeros(n, np.int64)
        self.hours = {"direct": np.zeros(n), "coordination": np.zeros(n),
                      "administration": np.zeros(n)}

    def __len__(self) -> int:
        return len(self.skill)

    def plan(self, coordination_demand: np.ndarray, client_work: ClientWork,
             contact_hours_factor: float = 1.0) -> WeekPlan:
        """Split the week: administration first, then coordination, the rest for families."""
        c = self.cfg
        available = c.weekly_hours
        admin = np.full(len(self), c.administration_share * available)
        coordination = np.minimum(coordination_demand, available - admin)
        direct = available - admin - coordination
        per_contact = ((c.hours_per_contact + client_work.extra_hours_per_contact)
                       * contact_hours_factor)
        wanted = self.caseload * c.desired_contacts_per_week * per_contact
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(wanted > 0, direct / wanted, 1.0)
        time_factor = np.minimum(ratio, 1.0)
        return WeekPlan(
            admin=admin, coordination=coordination, direct_available=direct,
            hours_per_contact=per_contact,
            contact_probability=np.minimum(c.desired_contacts_per_week * time_factor, 1.0),
            time_factor=time_factor,
            max_contacts=np.floor(direct / per_contact + 1e-9).astype(np.int64),
            pressure=(admin + coordination_demand + wanted) / available,
        )

    def wear(self, plan: WeekPlan, client_work: ClientWork) -> None:
        """Burnout grows with the hours asked beyond the week and recovers otherwise."""
        c = self.cfg
        recovery = c.burnout_recovery * client_work.burnout_recovery * self.burnout
        self.burnout += c.burnout_rate * np.maximum(plan.pressure - 1.0, 0.0) - recovery
        np.clip(self.burnout, 0.0, 1.0, out=self.burnout)

    def quality(self) -> np.ndarray:
        """How much of a contact's diagnostic and trust-building power burnout leaves."""
        return 1.0 - self.cfg.burnout_penalty * self.burnout

    def book(self, plan: WeekPlan, contacts: np.ndarray) -> None:
        self.hours["administration"] = plan.admin
        self.hours["coordination"] = plan.coordination
        self.hours["direct"] = contacts * plan.hours_per_contact


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
