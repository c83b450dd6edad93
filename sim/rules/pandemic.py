"""A pandemic-like shock (as COVID-19 from March 2020): the week it starts, existing needs jump;
while it lasts, institutions run at reduced capacity and workers meet families by phone (shorter
contacts that reveal less and build less trust). Exogenous: identical in every scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.domain import NEEDS
from sim.population import ACTIVE

if TYPE_CHECKING:
    from sim.model import KooperacjeModel


@dataclass
class Conditions:
    """This week's multipliers on capacity and on contact with families (1 = normal)."""

    capacity: float = 1.0
    contact_hours: float = 1.0
    diagnosis: float = 1.0
    trust: float = 1.0


def conditions(model: KooperacjeModel) -> Conditions:
    cfg = model.cfg.behaviour.pandemic
    week = model.now
    if cfg.start_week == 0 or not cfg.start_week <= week < cfg.start_week + cfg.duration_weeks:
        return Conditions()
    if week == cfg.start_week:
        _needs_jump(model)
    return Conditions(cfg.capacity_factor, cfg.contact_hours_factor, cfg.diagnosis_factor,
                      cfg.trust_factor)


def _needs_jump(model: KooperacjeModel) -> None:
    fam = model.families
    jump = np.array([model.cfg.behaviour.pandemic.need_jump.get(n, 0.0) for n in NEEDS])
    active = fam.view("status") == ACTIVE
    sev = fam.view("severity")
    has = (sev > 0) & active[:, None]
    sev += np.where(has, jump, 0.0)
    np.clip(sev, 0.0, 1.0, out=sev)
