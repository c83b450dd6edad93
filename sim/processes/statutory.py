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
from sim.population import ACTIVE, ALL_NEEDS, FamilyTable, reveal
from sim.processes.process import Process
from sim.rng import Streams
from sim.state import State

GROUP_NEEDS = np.array([NEED_INDEX[n] for n in ("violence", "addiction", "parenting")])
PARENTING = NEED_INDEX["parenting"]
WEEKS_PER_QUARTER = 13


# the rules' parameters, packed once (``Statutory.rules``)
(PROBLEM, GROUP_OBSERVATION, PLACES, INDEPENDENCE, MAX_WEEKS, ASSISTANT_EFFECT, EFFECT_FLOOR,
 ASSISTANT_OBSERVATION, ASSISTANT_WEEK_COST) = range(9)


class Statutory(Process):
    """A week of the baseline, one kernel: the Niebieska Karta groups, then the family
    assistants."""

    streams = ("blue_card_group", "assistant_observation")
    counters = ("blue_card_procedures_open", "group_needs_revealed", "assistance_ended",
                "assistance_started", "families_with_assistant", "assistant_needs_revealed",
                "cost_services", f"cost_services_{NEEDS[PARENTING]}")

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b, st = cfg.behaviour, cfg.behaviour.statutory
        self.rules = np.array([
            b.needs.problem_threshold, st.group_observation,
            cfg.municipality.family_assistants * st.families_per_assistant,
            b.families.independence_threshold, st.assistance_max_weeks, st.assistant_effect,
            b.services.engagement_effect_floor, st.assistant_observation,
            cfg.costs.family_assistant_week], np.float64)

    def __call__(self, state: State) -> None:
        fam = state.families
        _week(fam.view("procedure_weeks"), fam.view("status"), fam.view("children"),
              fam.severity, fam.revealed, fam.known_served, fam.engagement, fam.assisted,
              fam.assistant_weeks, self.rules, state.now, self.key["blue_card_group"],
              self.key["assistant_observation"], state.counters.values,
              self.positions(state.counters))


(GROUPS_OPEN, GROUP_REVEALED, ASSISTANCE_ENDED, ASSISTANCE_STARTED, WITH_ASSISTANT,
 ASSISTANT_REVEALED, COST_SERVICES, COST_PARENTING) = range(len(Statutory.counters))


@njit(cache=True)
def _week(procedure_weeks, status, children, severity, revealed, known_served, engagement,
          assisted, weeks, rules, week, group_die, assistant_die, counters, at):
    """The group of each open procedure notices hidden problems of its area, and a week of
    every procedure passes; finished assistance ends (parenting no longer a problem, time is
    up, or the family left assistance); free assistants go to the most severe waiting problems,
    and each assistant works a week on parenting and tells the worker what else it notices.
    Counts and pays them."""
    n = len(status)
    groups = group_found = ended = staying = 0
    for r in range(n):  # a family's group and its assistance concern only its own row
        if _is_open(procedure_weeks, status, r):
            groups += 1
            group_found += reveal(r, GROUP_NEEDS, severity, revealed, rules[PROBLEM],
                                   rules[GROUP_OBSERVATION], week, group_die)
        procedure_weeks[r] = max(procedure_weeks[r] - 1, 0)
        if not assisted[r]:
            continue
        if (severity[r, PARENTING] < rules[INDEPENDENCE] or weeks[r] >= rules[MAX_WEEKS]
                or status[r] != ACTIVE):
            assisted[r] = False
            weeks[r] = 0
            known_served[r, PARENTING] = False
            ended += 1
        else:
            staying += 1
    room = int(rules[PLACES]) - staying
    new = (_waiting(status, children, severity, revealed, assisted, rules[PROBLEM])[:room]
           if room > 0 else np.empty(0, np.int64))
    for r in new:
        assisted[r] = True
        known_served[r, PARENTING] = True
    effect, floor = rules[ASSISTANT_EFFECT], rules[EFFECT_FLOOR]
    n_assisted = assistant_found = 0
    for r in range(n):
        if not assisted[r]:
            continue
        n_assisted += 1
        relief = effect * (floor + (1 - floor) * engagement[r])
        severity[r, PARENTING] = max(severity[r, PARENTING] - relief, 0.0)
        weeks[r] += 1
        assistant_found += reveal(r, ALL_NEEDS, severity, revealed, rules[PROBLEM],
                                   rules[ASSISTANT_OBSERVATION], week, assistant_die)
    counters[at[GROUPS_OPEN]] = groups
    counters[at[GROUP_REVEALED]] += group_found
    counters[at[ASSISTANCE_ENDED]] += ended
    counters[at[ASSISTANCE_STARTED]] += len(new)
    counters[at[WITH_ASSISTANT]] = n_assisted
    counters[at[ASSISTANT_REVEALED]] += assistant_found
    counters[at[COST_SERVICES]] += n_assisted * rules[ASSISTANT_WEEK_COST]
    counters[at[COST_PARENTING]] += n_assisted * rules[ASSISTANT_WEEK_COST]


@njit(cache=True)
def _waiting(status, children, severity, revealed, assisted, threshold):
    """Families in assistance with children and a known parenting problem but no assistant,
    most severe first (equals in row order)."""
    wants = np.empty(len(status), np.int64)
    k = 0
    for r in range(len(status)):
        if (status[r] == ACTIVE and not assisted[r] and children[r] and revealed[r, PARENTING]
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
def _count_groups(procedure_weeks, status, worker, per_worker):
    """The Niebieska Karta groups at work this week; each is also counted for its family's
    worker in ``per_worker`` when that has room for the workers (an empty one: the total only)."""
    groups = 0
    for r in range(len(procedure_weeks)):
        if _is_open(procedure_weeks, status, r):
            groups += 1
            if len(per_worker):
                per_worker[worker[r]] += 1
    return groups


_TOTAL_ONLY = np.zeros(0, np.int64)  # no per-worker table: count all the groups


@njit(cache=True)
def worker_hours(procedure_weeks, status, worker, n_workers, hours_per_month):
    """Per worker, hours this week in the groups of their families' open procedures (each
    group meets ``hours_per_month``)."""
    groups = np.zeros(n_workers, np.int64)
    _count_groups(procedure_weeks, status, worker, groups)
    hours = np.empty(n_workers)
    for w in range(n_workers):
        hours[w] = groups[w] * hours_per_month / WEEKS_PER_MONTH
    return hours


def partner_hours(fam: FamilyTable, st: StatutoryConfig) -> float:
    """Other institutions' staff hours this week: groups of open procedures and the standing
    team."""
    groups = _count_groups(fam.view("procedure_weeks"), fam.status, fam.worker, _TOTAL_ONLY)
    return (groups * st.group_members * st.group_meeting_hours_per_month / WEEKS_PER_MONTH
            + st.team_members * st.team_meeting_hours_per_quarter / WEEKS_PER_QUARTER)
