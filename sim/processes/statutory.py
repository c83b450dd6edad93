"""The statutory baseline, the same in every scenario: what the law already makes a gmina do.

- Zespół interdyscyplinarny (ustawa o przeciwdziałaniu przemocy domowej): the standing team meets
  every quarter; each Niebieska Karta opens a grupa diagnostyczno-pomocowa that meets while the
  procedure runs and brings the family's hidden violence, addiction and parenting problems to the
  social worker.
- Asystent rodziny (ustawa o wspieraniu rodziny): a family with children and a known parenting
  problem gets a family assistant while one has room; the assistant works on parenting at home
  and, being part of the OPS, tells the worker what else it sees.

Kooperacje 3D is compared with this, not with a municipality without any cooperation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import SimConfig, StatutoryConfig
from sim.domain import NEED_INDEX, NEEDS, WEEKS_PER_MONTH
from sim.population import ACTIVE, FamilyTable
from sim.processes.process import Process
from sim.rng import Streams, cast
from sim.state import State

GROUP_NEEDS = np.array([NEED_INDEX[n] for n in ("violence", "addiction", "parenting")])
PARENTING = NEED_INDEX["parenting"]
WEEKS_PER_QUARTER = 13


class Statutory(Process):
    streams = ("blue_card_group", "assistant_observation")
    counters = ("blue_card_procedures_open", "group_needs_revealed", "assistance_ended",
                "assistance_started", "families_with_assistant", "assistant_needs_revealed",
                "cost_services", f"cost_services_{NEEDS[PARENTING]}")

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b = cfg.behaviour
        self.cfg, self.problem_threshold = b.statutory, b.needs.problem_threshold
        self.independence_threshold = b.families.independence_threshold
        self.effect_floor = b.services.engagement_effect_floor
        self.places = cfg.municipality.family_assistants * b.statutory.families_per_assistant
        self.week_cost = cfg.costs.family_assistant_week

    def __call__(self, state: State) -> None:
        self.blue_card_groups(state)
        self.family_assistants(state)

    def blue_card_groups(self, state: State) -> None:
        """Open procedures: the group reveals hidden problems of its area, then a week passes."""
        fam = state.families
        groups, found = _groups_week(fam.view("procedure_weeks"), fam.status, fam.severity,
                                     fam.revealed, self.problem_threshold,
                                     self.cfg.group_observation, state.now,
                                     self.key["blue_card_group"])
        state.counters.set("blue_card_procedures_open", groups)
        state.counters.add("group_needs_revealed", found)

    def family_assistants(self, state: State) -> None:
        """End finished assistance, assign free assistants (most severe first), work one week."""
        fam, st, count = state.families, self.cfg, state.counters
        ended, started, assisted, found = _assistants_week(
            state.active(), fam.view("children"), fam.severity, fam.revealed, fam.known_served,
            fam.engagement, fam.assisted, fam.assistant_weeks, self.places,
            self.independence_threshold, self.problem_threshold, st.assistance_max_weeks,
            st.assistant_effect, self.effect_floor, st.assistant_observation, state.now,
            self.key["assistant_observation"])
        count.add("assistance_ended", ended)
        count.add("assistance_started", started)
        count.set("families_with_assistant", assisted)
        count.add("assistant_needs_revealed", found)
        count.add("cost_services", assisted * self.week_cost)
        count.add(f"cost_services_{NEEDS[PARENTING]}", assisted * self.week_cost)


@njit(cache=True)
def _groups_week(procedure_weeks, status, severity, revealed, threshold, observation, week,
                 observation_die):
    """Each open procedure's group notices each hidden problem of its area (violence,
    addiction, parenting) with probability ``observation`` and tells the worker; then a week
    of every procedure passes. Returns how many procedures are open and the needs revealed."""
    groups = found = 0
    for r in range(len(procedure_weeks)):
        if _is_open(procedure_weeks, status, r):
            groups += 1
            for j in GROUP_NEEDS:
                if (severity[r, j] > threshold and not revealed[r, j]
                        and cast(observation_die, week, r, j) < observation):
                    revealed[r, j] = True
                    found += 1
    for r in range(len(procedure_weeks)):
        procedure_weeks[r] = max(procedure_weeks[r] - 1, 0)
    return groups, found


@njit(cache=True)
def _assistants_week(active, children, severity, revealed, known_served, engagement, assisted,
                     weeks, places, independence, threshold, max_weeks, effect, floor,
                     observation, week, observation_die):
    """Finished assistance ends (parenting no longer a problem, time is up, or the family left
    assistance); free assistants go to the most severe known parenting problems of families
    with children; each assistant works a week on parenting and tells the worker what else it
    notices. Returns how many ended, started and are assisted, and the needs revealed."""
    n = len(active)
    ended = 0
    for r in range(n):
        if assisted[r] and (severity[r, PARENTING] < independence or weeks[r] >= max_weeks
                            or not active[r]):
            assisted[r] = False
            weeks[r] = 0
            known_served[r, PARENTING] = False
            ended += 1
    room = places - assisted[:n].sum()
    new = (_waiting(active, children, severity, revealed, assisted, threshold)[:room]
           if room > 0 else np.empty(0, np.int64))
    for r in new:
        assisted[r] = True
        known_served[r, PARENTING] = True
    n_assisted = found = 0
    for r in range(n):
        if not assisted[r]:
            continue
        n_assisted += 1
        relief = effect * (floor + (1 - floor) * engagement[r])
        severity[r, PARENTING] = max(severity[r, PARENTING] - relief, 0.0)
        weeks[r] += 1
        for j in range(severity.shape[1]):
            if (severity[r, j] > threshold and not revealed[r, j]
                    and cast(observation_die, week, r, j) < observation):
                revealed[r, j] = True
                found += 1
    return ended, len(new), n_assisted, found


@njit(cache=True)
def _waiting(active, children, severity, revealed, assisted, threshold):
    """Families in assistance with children and a known parenting problem but no assistant,
    most severe first (equals in row order)."""
    wants = np.empty(len(active), np.int64)
    k = 0
    for r in range(len(active)):
        if (active[r] and not assisted[r] and children[r] and revealed[r, PARENTING]
                and severity[r, PARENTING] > threshold):
            wants[k] = r
            k += 1
    wants = wants[:k]
    return wants[np.argsort(-severity[wants, PARENTING], kind="mergesort")]


@njit(cache=True)
def _is_open(procedure_weeks, status, r):
    """A Niebieska Karta group works with family ``r`` this week."""
    return procedure_weeks[r] > 0 and status[r] == ACTIVE


@njit(cache=True)
def _groups_open(procedure_weeks, status):
    groups = 0
    for r in range(len(procedure_weeks)):
        if _is_open(procedure_weeks, status, r):
            groups += 1
    return groups


@njit(cache=True)
def _groups_per_worker(procedure_weeks, status, worker, n_workers):
    groups = np.zeros(n_workers, np.int64)
    for r in range(len(procedure_weeks)):
        if _is_open(procedure_weeks, status, r):
            groups[worker[r]] += 1
    return groups


def worker_hours(fam: FamilyTable, n_workers: int, st: StatutoryConfig) -> np.ndarray:
    """Per worker, hours this week in the groups of their families' open procedures."""
    groups = _groups_per_worker(fam.view("procedure_weeks"), fam.status, fam.worker, n_workers)
    return groups * st.group_meeting_hours_per_month / WEEKS_PER_MONTH


def partner_hours(fam: FamilyTable, st: StatutoryConfig) -> float:
    """Other institutions' staff hours this week: groups of open procedures and the standing
    team."""
    groups = _groups_open(fam.view("procedure_weeks"), fam.status)
    return (groups * st.group_members * st.group_meeting_hours_per_month / WEEKS_PER_MONTH
            + st.team_members * st.team_meeting_hours_per_quarter / WEEKS_PER_QUARTER)
