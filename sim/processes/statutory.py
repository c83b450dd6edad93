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

from sim.config import SimConfig, StatutoryConfig
from sim.domain import NEED_INDEX, NEEDS, WEEKS_PER_MONTH
from sim.population import ACTIVE, FamilyTable
from sim.processes.process import Process
from sim.rng import Streams
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
        u = self.uniform("blue_card_group", (fam.n, len(GROUP_NEEDS)))
        weeks = fam.view("procedure_weeks")
        rows = np.flatnonzero(open_procedures(fam))
        sev = fam.severity[rows][:, GROUP_NEEDS]
        hidden = (sev > self.problem_threshold) & ~fam.revealed[rows][:, GROUP_NEEDS]
        local, k = np.nonzero(hidden & (u[rows] < self.cfg.group_observation))
        fam.revealed[rows[local], GROUP_NEEDS[k]] = True
        state.counters.set("blue_card_procedures_open", len(rows))
        state.counters.add("group_needs_revealed", len(local))
        np.maximum(weeks - 1, 0, out=weeks)

    def family_assistants(self, state: State) -> None:
        """End finished assistance, assign free assistants (most severe first), work one week."""
        fam, st, count = state.families, self.cfg, state.counters
        u = self.uniform("assistant_observation", (fam.n, len(NEEDS)))
        sev, assisted = fam.view("severity"), fam.view("assisted")
        active = state.active()
        done = assisted & ((sev[:, PARENTING] < self.independence_threshold)
                           | (fam.view("assistant_weeks") >= st.assistance_max_weeks) | ~active)
        assisted[done] = False
        fam.assistant_weeks[: fam.n][done] = 0
        fam.known_served[: fam.n][done, PARENTING] = False
        count.add("assistance_ended", int(done.sum()))

        room = self.places - int(assisted.sum())
        wants = np.flatnonzero(active & ~assisted & fam.view("children")
                               & fam.view("revealed")[:, PARENTING]
                               & (sev[:, PARENTING] > self.problem_threshold))
        new = wants[np.argsort(-sev[wants, PARENTING], kind="stable")][:max(int(room), 0)]
        assisted[new] = True
        fam.known_served[new, PARENTING] = True
        count.add("assistance_started", len(new))

        rows = np.flatnonzero(assisted)
        floor = self.effect_floor
        relief = st.assistant_effect * (floor + (1 - floor) * fam.engagement[rows])
        sev[rows, PARENTING] = np.maximum(sev[rows, PARENTING] - relief, 0.0)
        fam.assistant_weeks[rows] += 1
        hidden = (sev[rows] > self.problem_threshold) & ~fam.revealed[rows]
        found = hidden & (u[rows] < st.assistant_observation)
        fam.revealed[rows] |= found
        count.set("families_with_assistant", len(rows))
        count.add("assistant_needs_revealed", int(found.sum()))
        count.add("cost_services", len(rows) * self.week_cost)
        count.add(f"cost_services_{NEEDS[PARENTING]}", len(rows) * self.week_cost)


def open_procedures(fam: FamilyTable) -> np.ndarray:
    """Per family row, a Niebieska Karta group works with it this week."""
    return (fam.view("procedure_weeks") > 0) & (fam.view("status") == ACTIVE)


def worker_hours(fam: FamilyTable, n_workers: int, st: StatutoryConfig) -> np.ndarray:
    """Per worker, hours this week in the groups of their families' open procedures."""
    groups = np.bincount(fam.view("worker")[open_procedures(fam)], minlength=n_workers)
    return groups * st.group_meeting_hours_per_month / WEEKS_PER_MONTH


def partner_hours(fam: FamilyTable, st: StatutoryConfig) -> float:
    """Other institutions' staff hours this week: groups of open procedures and the standing
    team."""
    groups = int(open_procedures(fam).sum())
    return (groups * st.group_members * st.group_meeting_hours_per_month / WEEKS_PER_MONTH
            + st.team_members * st.team_meeting_hours_per_quarter / WEEKS_PER_QUARTER)
