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

from sim.agents.institution import Institutions
from sim.config import CostConfig, NeedsConfig, SimConfig
from sim.domain import CRISES, CRISIS_TRIGGER, NEED_INDEX, NEEDS, SECTOR_INDEX, WEEKS_PER_MONTH
from sim.population import EXITED
from sim.processes.observation import Observations
from sim.processes.process import Process
from sim.rng import Streams, cast
from sim.state import State

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
NOTHING_SEEN = Observations.none()


def hazard(worst: np.ndarray, rate: np.ndarray | float, steepness: float) -> np.ndarray:
    """The weekly probability of a crisis given the severity of its worst trigger need: ``rate``
    is its hazard at severity 1 (``crisis_hazard``, one or per row), ``steepness`` its
    ``crisis_steepness`` (one exponent: numpy's power gives other last bits for an array of
    them)."""
    return -minus_hazard(worst, -np.asarray(rate), steepness, np.empty(np.shape(worst)))


def minus_hazard(worst: np.ndarray, minus_rate: np.ndarray | float, steepness: float,
                 out: np.ndarray) -> np.ndarray:
    """The hazard negated, written into ``out`` (it may be ``worst`` itself), from the rate
    negated: expm1(−rate × worst^steepness) is −(1 − exp(−rate × worst^steepness)), and
    flipping a sign changes no other bit, so leaving both negations out saves two numpy calls
    a week; a die u falls below the hazard when u < −(this)."""
    np.power(worst, steepness, out)
    np.multiply(out, minus_rate, out)
    return np.expm1(out, out)


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


# what follows a crisis, packed once per run (``Crises.rules``); from ONE_OFF, per crisis its
# one-off cost
(COOLDOWN_WEEKS, RELIEF_KEEPS, PROCEDURE_WEEKS, PLACEMENT_WEEKS, TRUST_KEEPS, SHELTER_STAY,
 CHILDREN_PER_PLACEMENT, FOSTER_CARE_MONTH, SHELTER_WEEK, ONE_OFF) = range(10)


class Crises(Process):
    """Crises strike, bring families back, and pay their costs; returns what only an
    institution (the hospital) learned, for the observation process. Each crisis and its cost
    is also counted under the need that triggered it (for a hospitalisation, the worse of
    health and addiction): placements under parenting, shelter stays under housing.

    A week is two compiled passes over the families with numpy's hazards between them: who is
    at risk of each crisis, then whom the crises strike and what follows."""

    streams = ("crisis",)
    counters = (*(f"crises_{c}" for c in CRISES), "cost_crises", "in_foster_care",
                "children_in_foster_care", "in_shelter",
                *(f"crisis_events_{n}" for n in NEEDS), *(f"cost_crises_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b, costs, needs = cfg.behaviour, cfg.costs, cfg.behaviour.needs
        self.runs = steepness_runs(needs)
        self.rates = np.array([needs.crisis_hazard[c] for c in CRISES])
        self.rules = np.array([
            needs.crisis_cooldown_weeks, 1.0 - needs.crisis_relief,
            b.statutory.procedure_weeks,  # weeks of the Niebieska Karta procedure
            round(costs.foster_care_months * WEEKS_PER_MONTH),  # weeks of a placement
            1.0 - b.families.crisis_trust_loss,  # trust kept at a placement
            round(costs.shelter_weeks),  # weeks in a shelter
            costs.children_per_placement, costs.foster_care_month, costs.shelter_week,
            *(one_off_cost(c, costs) for c in CRISES)], np.float64)
        # the rows at risk, their worst trigger's severity (then their risk, negated: see
        # minus_hazard), rate (negated) and die; the rows struck, the worst need of each and the
        # families brought back: buffers kept between weeks
        self._rows = self._struck = self._need = self._back = np.empty(0, np.int64)
        self._worst = self._rate = self._u = np.empty(0)
        # where each crisis's rows start among those at risk and among those struck
        self._start, self._struck_start = (np.zeros(len(CRISES) + 1, np.int64) for _ in range(2))
        self._hospitals_of: Institutions | None = None
        self._hospital_rows = np.empty(0, np.int64)

    def __call__(self, state: State) -> Observations:
        fam, at = state.families, self._start
        if len(self._rows) < len(CRISES) * fam.n:
            size = 2 * len(CRISES) * fam.n
            self._rows, self._struck, self._need, self._back = (
                np.empty(size, np.int64) for _ in range(4))
            self._worst, self._rate, self._u = (np.empty(size) for _ in range(3))
        _at_risk(*fam.views(AT_RISK_COLUMNS), self.rates, state.now, self.key["crisis"],
                 self._rows, self._worst, self._rate, self._u, at)
        bounds = at.tolist()
        for a, b, k in self.runs:
            if bounds[b] > bounds[a]:
                risk = self._worst[bounds[a]: bounds[b]]
                minus_hazard(risk, self._rate[bounds[a]: bounds[b]], k, risk)
        n_back = _strike(self._rows, at, self._u, self._worst, *fam.views(STRIKE_COLUMNS),
                         self.rules, state.counters.values, self.positions(state.counters),
                         self._struck, self._need, self._back, self._struck_start)
        start = self._struck_start.tolist()
        if start[-1] == 0:
            return NOTHING_SEEN
        struck = self._struck[: start[-1]].copy()  # the crisis log keeps them
        state.log_crises(struck, start)
        if n_back:
            state.readmit(self._back[:n_back].copy())
        hospital = slice(start[HOSPITALISATION], start[HOSPITALISATION + 1])
        if hospital.start == hospital.stop:
            return NOTHING_SEEN
        return Observations.spread(struck[hospital], self._need[hospital].copy(),
                                   self._hospitals(state.institutions))

    def _hospitals(self, institutions: Institutions) -> np.ndarray:
        """The health sector's institutions (looked up once per state)."""
        if institutions is not self._hospitals_of:
            self._hospital_rows = np.flatnonzero(institutions.sector == HEALTH)
            self._hospitals_of = institutions
        return self._hospital_rows


# where the counters sit among the positions (``Process.positions``): per crisis its count, the
# costs' total, the week's placements, children placed and shelter stays; from EVENTS_AT and
# NEED_COST_AT, per need its crises and their costs
CRISIS_AT, EVENTS_AT, NEED_COST_AT = (Crises.counters.index(c) for c in (
    f"crises_{CRISES[0]}", f"crisis_events_{NEEDS[0]}", f"cost_crises_{NEEDS[0]}"))
COST_AT, PLACED_AT, CHILDREN_AT, SHELTERED_AT = (Crises.counters.index(c) for c in (
    "cost_crises", "in_foster_care", "children_in_foster_care", "in_shelter"))


@njit(cache=True, inline="always")
def _worst_trigger(severity, r, c):
    """The worst trigger need of crisis ``c`` in row ``r``: the first of equally severe ones."""
    worst = TRIGGERS[c, 0]
    for j in range(1, TRIGGERS.shape[1]):
        n = TRIGGERS[c, j]
        if n == NO_NEED:
            break
        worst = n if severity[r, n] > severity[r, worst] else worst
    return worst


AT_RISK_COLUMNS = ("crisis_cooldown", "severity", "children", "foster_weeks", "shelter_weeks")


@njit(cache=True)
def _at_risk(cooldown, severity, children, foster_weeks, shelter_weeks, rates, week, die, rows,
             worst, rate, u, start):
    """Cooldowns count down a week; then crisis by crisis (crisis c's from ``start[c]`` to
    ``start[c + 1]``), the families it may strike this week: their rows (ascending), the
    severity of each one's worst trigger need, the crisis's rate (``rates``) negated (as
    :func:`minus_hazard` takes it) and their die, written into ``rows``, ``worst``, ``rate``
    and ``u``.

    A crisis can strike a family with one of its trigger needs (its hazard is 0 without) once
    its cooldown is over; a placement needs children and none under way, an eviction no shelter
    stay under way. Of these exposed families, only those whose die falls below the crisis's
    rate may be struck (the hazard 1 − exp(−rate × severity^steepness) is at most the rate for
    any severity up to 1), so only their risks are computed. One pass over the families puts
    crisis c's rows at c × families; they then move up to follow each other."""
    n_rows, kinds = cooldown.shape
    found = np.zeros(kinds, np.int64)
    for r in range(n_rows):
        for c in range(len(CRISES)):  # a constant count: the compiler unrolls the crises
            if cooldown[r, c] > 0:
                cooldown[r, c] -= 1
            severest = severity[r, _worst_trigger(severity, r, c)]
            if not ((cooldown[r, c] == 0) & (severest > 0.0)
                    & ((c != FOSTER_CARE) | (children[r] & (foster_weeks[r] == 0)))
                    & ((c != EVICTION) | (shelter_weeks[r] == 0))):
                continue
            die_cast = cast(die, week, r, c)
            if die_cast < rates[c] or severest > 1.0:
                at = c * n_rows + found[c]
                rows[at], worst[at], u[at] = r, severest, die_cast
                found[c] += 1
    for c in range(kinds):
        start[c + 1] = start[c] + found[c]
        for i in range(found[c]):
            at, to = c * n_rows + i, start[c] + i
            rows[to], worst[to], u[to], rate[to] = rows[at], worst[at], u[at], -rates[c]


STRIKE_COLUMNS = ("crisis_cooldown", "crises", "severity", "revealed", "status",
                  "procedure_weeks", "foster_weeks", "engagement", "shelter_weeks")


@njit(cache=True)
def _strike(at_risk, at_risk_start, u, minus_risk, cooldown, crises, severity, revealed, status,
            procedure_weeks, foster_weeks, engagement, shelter_weeks, rules, counters, at,
            struck, worst_need, back, start):
    """Crisis by crisis, the families at risk whose die ``u`` falls below their risk (given
    negated, ``minus_risk``, as :func:`minus_hazard` leaves it): the cooldown restarts; the OPS
    learns of the worst trigger need (the hospital does instead, returned as the worst need of
    each struck row); the emergency response relieves the triggers; the procedure, placement or
    shelter stay starts, and a placement costs trust; the crisis and its one-off cost are
    counted, also under the worst need. Then the week's placements and shelter stays are
    counted and paid, and count down.

    Writes the struck rows crisis by crisis into ``struck`` (crisis c's from ``start[c]`` to
    ``start[c + 1]``, written into ``start``) and the worst need of each into ``worst_need``;
    the families that had left and that the crises bring back (each once, in the order of the
    crises) into ``back``, and returns how many they are (the buffers are kept between weeks:
    nothing is allocated for the caller)."""
    kinds, n_needs = len(at_risk_start) - 1, severity.shape[1]
    brought_back = np.zeros(len(status), np.bool_)
    by_need = np.empty(n_needs, np.int64)
    k = b = 0
    for c in range(kinds):
        by_need[:] = 0
        for i in range(at_risk_start[c], at_risk_start[c + 1]):
            r = at_risk[i]
            if not u[i] < -minus_risk[i]:
                continue
            cooldown[r, c] = rules[COOLDOWN_WEEKS]
            crises[r, c] += 1
            need = _worst_trigger(severity, r, c)
            if INFORMS_OPS[c]:
                revealed[r, need] = True
            for n in TRIGGERS[c]:
                if n != NO_NEED:
                    severity[r, n] *= rules[RELIEF_KEEPS]
            if c == NIEBIESKA_KARTA:
                procedure_weeks[r] = rules[PROCEDURE_WEEKS]
            elif c == FOSTER_CARE:
                foster_weeks[r] = rules[PLACEMENT_WEEKS]
                engagement[r] *= rules[TRUST_KEEPS]
            elif c == EVICTION:
                shelter_weeks[r] = rules[SHELTER_STAY]
            if status[r] == EXITED and not brought_back[r]:
                brought_back[r] = True
                back[b] = r
                b += 1
            struck[k], worst_need[k] = r, need
            k += 1
            by_need[need] += 1
        start[c + 1] = k
        hits = k - start[c]
        one_off = rules[ONE_OFF + c]
        counters[at[CRISIS_AT + c]] += hits
        if hits > 0:
            counters[at[COST_AT]] += one_off * hits
            for need in range(n_needs):
                if by_need[need] > 0:
                    counters[at[EVENTS_AT + need]] += by_need[need]
                    counters[at[NEED_COST_AT + need]] += one_off * by_need[need]
    _ongoing(foster_weeks, shelter_weeks, rules, counters, at)
    return b


@njit(cache=True, inline="always")
def _ongoing(foster_weeks, shelter_weeks, rules, counters, at):
    """Weekly costs of placements and shelter stays, which count down."""
    placed = sheltered = 0
    for r in range(len(foster_weeks)):
        if foster_weeks[r] > 0:
            placed += 1
            foster_weeks[r] -= 1
        if shelter_weeks[r] > 0:
            sheltered += 1
            shelter_weeks[r] -= 1
    children = placed * rules[CHILDREN_PER_PLACEMENT]
    placements = children * rules[FOSTER_CARE_MONTH] / WEEKS_PER_MONTH
    shelters = sheltered * rules[SHELTER_WEEK]
    counters[at[COST_AT]] += placements + shelters
    counters[at[NEED_COST_AT + PARENTING]] += placements
    counters[at[NEED_COST_AT + HOUSING]] += shelters
    counters[at[PLACED_AT]] = placed
    counters[at[CHILDREN_AT]] = children
    counters[at[SHELTERED_AT]] = sheltered
