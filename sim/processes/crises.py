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
from sim.rng import Streams, cast
from sim.state import Counters, State

NO_NEED = -1


def _trigger_table() -> np.ndarray:
    """Per crisis, its trigger needs in the order CRISIS_TRIGGER lists them (the first of equally
    severe ones counts as the worst), then NO_NEED."""
    table = np.full((len(CRISES), max(map(len, CRISIS_TRIGGER.values()))), NO_NEED)
    for c, name in enumerate(CRISES):
        table[c, : len(CRISIS_TRIGGER[name])] = [NEED_INDEX[n] for n in CRISIS_TRIGGER[name]]
    return table


TRIGGERS = _trigger_table()
# a crisis's relief lowers only its own triggers, so the week's hazards of all crises can be
# computed before any of them strikes
assert len({n for needs in CRISIS_TRIGGER.values() for n in needs}) == (TRIGGERS >= 0).sum()

NIEBIESKA_KARTA, FOSTER_CARE, EVICTION, HOSPITALISATION = (
    CRISES.index(c) for c in ("niebieska_karta", "foster_care", "eviction", "hospitalisation"))
INFORMS_OPS = np.array([c in ("niebieska_karta", "foster_care", "eviction") for c in CRISES])
HEALTH = SECTOR_INDEX["health"]
PARENTING, HOUSING = NEED_INDEX["parenting"], NEED_INDEX["housing"]
NOTHING_SEEN = Observations.join([])


def hazard(worst: np.ndarray, rate: np.ndarray | float, steepness: float) -> np.ndarray:
    """The weekly probability of a crisis given the severity of its worst trigger need: ``rate``
    is its hazard at severity 1 (``crisis_hazard``, one or per row), ``steepness`` its
    ``crisis_steepness`` (one exponent: numpy's power gives other last bits for an array of
    them)."""
    return -np.expm1(-(rate * worst ** steepness))


def steepness_runs(needs: NeedsConfig) -> list[tuple[int, int, float]]:
    """Crises ``a`` to ``b - 1`` that share one steepness ``k``, as (a, b, k): the hazards of
    each run are one numpy call."""
    k = [needs.crisis_steepness[c] for c in CRISES]
    starts = [c for c in range(len(k)) if c == 0 or k[c] != k[c - 1]]
    return [(a, b, k[a]) for a, b in zip(starts, [*starts[1:], len(k)])]


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
    health and addiction): placements under parenting, shelter stays under housing.

    A week is two compiled passes over the families with numpy's hazards between them: who is
    exposed to each crisis, then whom the crises strike and what follows."""

    streams = ("crisis",)
    counters = (*(f"crises_{c}" for c in CRISES), "cost_crises", "in_foster_care",
                "children_in_foster_care", "in_shelter",
                *(f"crisis_events_{n}" for n in NEEDS), *(f"cost_crises_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b, costs = cfg.behaviour, cfg.costs
        self.needs = b.needs
        self.one_off = np.array([one_off_cost(c, costs) for c in CRISES])
        self.consequences = (
            b.statutory.procedure_weeks,  # weeks of the Niebieska Karta procedure
            round(costs.foster_care_months * WEEKS_PER_MONTH),  # weeks of a placement
            1.0 - b.families.crisis_trust_loss,  # trust kept at a placement
            round(costs.shelter_weeks),  # weeks in a shelter
        )
        self.ongoing_costs = (costs.children_per_placement, costs.foster_care_month,
                              costs.shelter_week)
        self._positions: tuple = ()
        self._positions_of: Counters | None = None

    def __call__(self, state: State) -> Observations:
        fam, needs = state.families, self.needs
        exposed, worst, rate, exposed_start = _exposed(
            fam.view("crisis_cooldown"), fam.view("severity"), fam.view("children"),
            fam.view("foster_weeks"), fam.view("shelter_weeks"),
            np.array([needs.crisis_hazard[c] for c in CRISES]))
        at = exposed_start
        risk = np.concatenate([hazard(worst[at[a]: at[b]], rate[at[a]: at[b]], k)
                               for a, b, k in steepness_runs(needs)])
        struck, start, worst_need, back, back_start = _strike(
            exposed, exposed_start, risk, state.now, self.key["crisis"],
            fam.view("crisis_cooldown"), fam.view("crises"), fam.view("severity"),
            fam.view("revealed"), fam.view("status"), fam.view("procedure_weeks"),
            fam.view("foster_weeks"), fam.view("engagement"), fam.view("shelter_weeks"),
            needs.crisis_cooldown_weeks, 1.0 - needs.crisis_relief, *self.consequences,
            self.one_off, *self.ongoing_costs, state.counters.values,
            *self.positions(state.counters))
        for c, name in enumerate(CRISES):
            if start[c + 1] > start[c]:
                state.log_crises(struck[start[c]: start[c + 1]], name)
                state.readmit(back[back_start[c]: back_start[c + 1]])
        hospital = slice(start[HOSPITALISATION], start[HOSPITALISATION + 1])
        if hospital.start == hospital.stop:
            return NOTHING_SEEN
        return Observations.by_sector(struck[hospital], worst_need[hospital], HEALTH,
                                      state.institutions.sector)

    def positions(self, counters: Counters) -> tuple:
        """Where this process's counters sit in ``counters.values`` (looked up once per state):
        per crisis, the one-off costs' total, the three ongoing counts, per need events and
        costs."""
        if counters is not self._positions_of:
            at = counters.index
            self._positions = (
                np.array([at(f"crises_{c}") for c in CRISES]), at("cost_crises"),
                at("in_foster_care"), at("children_in_foster_care"), at("in_shelter"),
                np.array([at(f"crisis_events_{n}") for n in NEEDS]),
                np.array([at(f"cost_crises_{n}") for n in NEEDS]))
            self._positions_of = counters
        return self._positions


@njit(cache=True, inline="always")
def _worst_trigger(severity, r, c):
    """The worst trigger need of crisis ``c`` in row ``r``: the first of equally severe ones."""
    worst = TRIGGERS[c, 0]
    for j in range(1, TRIGGERS.shape[1]):
        n = TRIGGERS[c, j]
        if n == NO_NEED:
            break
        if severity[r, n] > severity[r, worst]:
            worst = n
    return worst


@njit(cache=True)
def _exposed(cooldown, severity, children, foster_weeks, shelter_weeks, rates):
    """Cooldowns count down a week; then crisis by crisis (crisis c's from ``start[c]`` to
    ``start[c + 1]``), the rows (ascending) of the families it can strike, the severity of each
    one's worst trigger need and the crisis's hazard at severity 1 (``rates``). A crisis can
    strike a family with one of its trigger needs (its hazard is 0 without) once its cooldown is
    over; a placement needs children and none under way, an eviction no shelter stay under way.
    """
    n_rows, kinds = cooldown.shape
    rows = np.empty(kinds * n_rows, np.int64)
    worst = np.empty(kinds * n_rows)
    start = np.zeros(kinds + 1, np.int64)
    k = 0
    for c in range(kinds):
        for r in range(n_rows):
            cooldown[r, c] = max(cooldown[r, c] - 1, 0)
            severest = severity[r, _worst_trigger(severity, r, c)]
            exposed = ((cooldown[r, c] == 0) & (severest > 0.0)
                       & ((c != FOSTER_CARE) | (children[r] & (foster_weeks[r] == 0)))
                       & ((c != EVICTION) | (shelter_weeks[r] == 0)))
            # every row is written and kept only if exposed: no branch to mispredict
            rows[k], worst[k] = r, severest
            k += exposed
        start[c + 1] = k
    rate = np.empty(k)
    for c in range(kinds):
        rate[start[c]: start[c + 1]] = rates[c]
    return rows[:k], worst[:k], rate, start


@njit(cache=True)
def _strike(exposed, exposed_start, risk, week, die, cooldown, crises, severity, revealed,
            status, procedure_weeks, foster_weeks, engagement, shelter_weeks, cooldown_weeks,
            relief_keeps, procedure, placement, trust_keeps, shelter_stay, one_off,
            children_per_placement, foster_care_month, shelter_week, counters, crisis_at,
            cost_at, placed_at, children_at, sheltered_at, events_at, need_cost_at):
    """Crisis by crisis, the exposed families its die strikes (probability ``risk``): the
    cooldown restarts; the OPS learns of the worst trigger need (the hospital does instead,
    returned as the worst need of each struck row); the emergency response relieves the
    triggers; the procedure, placement or shelter stay starts, and a placement costs trust; the
    crisis and its one-off cost are counted, also under the worst need. Then the week's
    placements and shelter stays are counted and paid, and count down.

    Returns the struck rows crisis by crisis (crisis c's from ``start[c]`` to ``start[c + 1]``),
    the worst need of each, and in the same layout the families that had left and that the
    crisis brings back (each only by its first crisis of the week)."""
    kinds, n_needs = len(exposed_start) - 1, severity.shape[1]
    struck = np.empty(len(exposed), np.int64)
    worst_need = np.empty(len(struck), np.int64)
    back = np.empty(len(struck), np.int64)
    start, back_start = np.zeros(kinds + 1, np.int64), np.zeros(kinds + 1, np.int64)
    brought_back = np.zeros(len(status), np.bool_)
    k = b = 0
    for c in range(kinds):
        by_need = np.zeros(n_needs, np.int64)
        for i in range(exposed_start[c], exposed_start[c + 1]):
            r = exposed[i]
            if not cast(die, week, r, c) < risk[i]:
                continue
            cooldown[r, c] = cooldown_weeks
            crises[r, c] += 1
            need = _worst_trigger(severity, r, c)
            if INFORMS_OPS[c]:
                revealed[r, need] = True
            for n in TRIGGERS[c]:
                if n != NO_NEED:
                    severity[r, n] *= relief_keeps
            if c == NIEBIESKA_KARTA:
                procedure_weeks[r] = procedure
            elif c == FOSTER_CARE:
                foster_weeks[r] = placement
                engagement[r] *= trust_keeps
            elif c == EVICTION:
                shelter_weeks[r] = shelter_stay
            if status[r] == EXITED and not brought_back[r]:
                brought_back[r] = True
                back[b] = r
                b += 1
            struck[k], worst_need[k] = r, need
            k += 1
            by_need[need] += 1
        start[c + 1], back_start[c + 1] = k, b
        hits = k - start[c]
        counters[crisis_at[c]] += hits
        if hits > 0:
            counters[cost_at] += one_off[c] * hits
            for need in range(n_needs):
                if by_need[need] > 0:
                    counters[events_at[need]] += by_need[need]
                    counters[need_cost_at[need]] += one_off[c] * by_need[need]
    _ongoing(foster_weeks, shelter_weeks, children_per_placement, foster_care_month, shelter_week,
             counters, cost_at, placed_at, children_at, sheltered_at, need_cost_at)
    return struck[:k].copy(), start, worst_need[:k].copy(), back[:b].copy(), back_start


@njit(cache=True, inline="always")
def _ongoing(foster_weeks, shelter_weeks, children_per_placement, foster_care_month, shelter_week,
             counters, cost_at, placed_at, children_at, sheltered_at, need_cost_at):
    """Weekly costs of placements and shelter stays, which count down."""
    placed = sheltered = 0
    for r in range(len(foster_weeks)):
        if foster_weeks[r] > 0:
            placed += 1
            foster_weeks[r] -= 1
        if shelter_weeks[r] > 0:
            sheltered += 1
            shelter_weeks[r] -= 1
    children = placed * children_per_placement
    placements = children * foster_care_month / WEEKS_PER_MONTH
    shelters = sheltered * shelter_week
    counters[cost_at] += placements + shelters
    counters[need_cost_at[PARENTING]] += placements
    counters[need_cost_at[HOUSING]] += shelters
    counters[placed_at] = placed
    counters[children_at] = children
    counters[sheltered_at] = sheltered
