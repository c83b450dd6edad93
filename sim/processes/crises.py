"""Crises: each week a family faces a hazard of each crisis that rises smoothly with the severity
of its trigger need (hazard = crisis_hazard x severity ^ crisis_steepness), so no crisis rate hangs
on one shock size crossing a threshold. A cooldown separates crises of one kind.

- Niebieska Karta: police intervene; the procedure informs the OPS of the violence and opens a
  grupa diagnostyczno-pomocowa (the statutory baseline, ``processes/statutory.py``).
- Foster care (piecza zastępcza): children are placed for months; trust in the worker falls.
- Eviction: the family spends weeks in a shelter; the OPS learns of the housing need.
- Emergency hospitalisation: the hospital, not the OPS, learns of the need (an observation).
A crisis brings a family that had left assistance back to it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import CostConfig, NeedsConfig, SimConfig
from sim.domain import CRISES, CRISIS_TRIGGER, NEED_INDEX, NEEDS, SECTOR_INDEX, WEEKS_PER_MONTH
from sim.population import EXITED
from sim.processes.observation import Observations
from sim.processes.process import Process
from sim.rng import Streams
from sim.state import State

TRIGGERS = {name: np.array([NEED_INDEX[n] for n in needs]) for name, needs in
            CRISIS_TRIGGER.items()}

_INFORMS_OPS = {"niebieska_karta", "foster_care", "eviction"}
HEALTH = SECTOR_INDEX["health"]
PARENTING, HOUSING = NEED_INDEX["parenting"], NEED_INDEX["housing"]


def hazard(worst: np.ndarray, name: str, needs: NeedsConfig) -> np.ndarray:
    """The weekly probability of crisis ``name`` given the severity of its worst trigger need."""
    rate = needs.crisis_hazard[name] * worst ** needs.crisis_steepness[name]
    return -np.expm1(-rate)


@njit(cache=True)
def _worst(severity, rows, needs):
    """Per row, the severity of its worst need among ``needs``."""
    out = np.empty(len(rows))
    for i in range(len(rows)):
        worst = severity[rows[i], needs[0]]
        for n in needs[1:]:
            worst = max(worst, severity[rows[i], n])
        out[i] = worst
    return out


def one_off_cost(name: str, costs: CostConfig) -> float:
    return {
        "niebieska_karta": costs.niebieska_karta,
        "foster_care": 0.0,  # paid by the month while the placement lasts
        "eviction": costs.eviction,
        "hospitalisation": costs.hospital_day * costs.hospital_days,
    }[name]


class Crises(Process):
    """Crises strike, bring families back, and pay their costs; returns what only an
    institution (the hospital) learned, for the observation process. Each crisis and its cost
    is also counted under the need that triggered it (for a hospitalisation, the worse of
    health and addiction): placements under parenting, shelter stays under housing."""

    streams = ("crisis",)
    counters = (*(f"crises_{c}" for c in CRISES), "cost_crises", "in_foster_care",
                "children_in_foster_care", "in_shelter",
                *(f"crisis_events_{n}" for n in NEEDS), *(f"cost_crises_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b = cfg.behaviour
        self.needs, self.families, self.statutory, self.costs = (b.needs, b.families,
                                                                  b.statutory, cfg.costs)

    def __call__(self, state: State) -> Observations:
        fam, needs, costs = state.families, self.needs, self.costs
        dice = self.dice("crisis")
        sev = fam.view("severity")
        cooldown = fam.view("crisis_cooldown")
        np.maximum(cooldown - 1, 0, out=cooldown)
        seen = []
        for c, name in enumerate(CRISES):
            trig = TRIGGERS[name]
            free = cooldown[:, c] == 0
            if name == "foster_care":
                free &= fam.view("children") & (fam.view("foster_weeks") == 0)
            elif name == "eviction":
                free &= fam.view("shelter_weeks") == 0
            rows = np.flatnonzero(free)
            worst = _worst(sev, rows, trig)
            rows = rows[dice(state.now, rows, c) < hazard(worst, name, needs)]
            state.counters.add(f"crises_{name}", len(rows))
            if len(rows) == 0:
                continue
            cooldown[rows, c] = needs.crisis_cooldown_weeks
            fam.crises[rows, c] += 1
            state.log_crises(rows, name)
            worst = trig[np.argmax(sev[rows][:, trig], axis=1)]
            if name in _INFORMS_OPS:
                fam.revealed[rows, worst] = True
            else:
                seen.append(Observations.by_sector(rows, worst, HEALTH, state.institutions.sector))
            sev[rows[:, None], trig] *= 1.0 - needs.crisis_relief
            state.counters.add("cost_crises", one_off_cost(name, costs) * len(rows))
            by_need = np.bincount(worst, minlength=len(NEEDS))
            for d in np.flatnonzero(by_need):
                state.counters.add(f"crisis_events_{NEEDS[d]}", int(by_need[d]))
                state.counters.add(f"cost_crises_{NEEDS[d]}",
                                   one_off_cost(name, costs) * int(by_need[d]))
            if name == "niebieska_karta":
                fam.procedure_weeks[rows] = self.statutory.procedure_weeks
            elif name == "foster_care":
                fam.foster_weeks[rows] = round(costs.foster_care_months * WEEKS_PER_MONTH)
                fam.engagement[rows] *= 1.0 - self.families.crisis_trust_loss
            elif name == "eviction":
                fam.shelter_weeks[rows] = round(costs.shelter_weeks)
            back = rows[fam.status[rows] == EXITED]
            state.readmit(back)
        self.ongoing(state)
        return Observations.join(seen)

    def ongoing(self, state: State) -> None:
        """Weekly costs of placements and shelter stays, which count down."""
        fam, costs = state.families, self.costs
        foster, shelter = fam.view("foster_weeks"), fam.view("shelter_weeks")
        n_foster, n_shelter = int((foster > 0).sum()), int((shelter > 0).sum())
        children = n_foster * costs.children_per_placement
        placements = children * costs.foster_care_month / WEEKS_PER_MONTH
        shelters = n_shelter * costs.shelter_week
        state.counters.add("cost_crises", placements + shelters)
        state.counters.add(f"cost_crises_{NEEDS[PARENTING]}", placements)
        state.counters.add(f"cost_crises_{NEEDS[HOUSING]}", shelters)
        state.counters.set("in_foster_care", n_foster)
        state.counters.set("children_in_foster_care", children)
        state.counters.set("in_shelter", n_shelter)
        np.maximum(foster - 1, 0, out=foster)
        np.maximum(shelter - 1, 0, out=shelter)
