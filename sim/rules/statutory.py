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

from typing import TYPE_CHECKING

import numpy as np

from sim.domain import NEED_INDEX, NEEDS, WEEKS_PER_MONTH
from sim.population import ACTIVE

if TYPE_CHECKING:
    from sim.config import StatutoryConfig
    from sim.model import KooperacjeModel
    from sim.population import FamilyTable

GROUP_NEEDS = np.array([NEED_INDEX[n] for n in ("violence", "addiction", "parenting")])
PARENTING = NEED_INDEX["parenting"]
WEEKS_PER_QUARTER = 13


def work_week(model: KooperacjeModel) -> None:
    blue_card_groups(model)
    family_assistants(model)


def blue_card_groups(model: KooperacjeModel) -> None:
    """Open procedures: the group reveals hidden problems of its area, then a week passes."""
    fam, cfg = model.families, model.cfg.behaviour
    u = model.streams.uniform("blue_card_group", (fam.n, len(GROUP_NEEDS)))
    weeks = fam.view("procedure_weeks")
    rows = np.flatnonzero(open_procedures(fam))
    sev = fam.severity[rows][:, GROUP_NEEDS]
    hidden = (sev > cfg.needs.problem_threshold) & ~fam.revealed[rows][:, GROUP_NEEDS]
    local, k = np.nonzero(hidden & (u[rows] < cfg.statutory.group_observation))
    fam.revealed[rows[local], GROUP_NEEDS[k]] = True
    model.tally["blue_card_procedures_open"] = len(rows)
    model.tally["group_needs_revealed"] += len(local)
    np.maximum(weeks - 1, 0, out=weeks)


def family_assistants(model: KooperacjeModel) -> None:
    """End finished assistance, assign free assistants (most severe first), work one week."""
    fam, cfg = model.families, model.cfg.behaviour
    st = cfg.statutory
    u = model.streams.uniform("assistant_observation", (fam.n, len(NEEDS)))
    sev, assisted = fam.view("severity"), fam.view("assisted")
    active = fam.view("status") == ACTIVE
    done = assisted & ((sev[:, PARENTING] < cfg.families.independence_threshold)
                       | (fam.view("assistant_weeks") >= st.assistance_max_weeks) | ~active)
    assisted[done] = False
    fam.assistant_weeks[: fam.n][done] = 0
    fam.known_served[: fam.n][done, PARENTING] = False
    model.tally["assistance_ended"] += int(done.sum())

    room = model.cfg.municipality.family_assistants * st.families_per_assistant - int(assisted.sum())
    wants = np.flatnonzero(active & ~assisted & fam.view("children")
                           & fam.view("revealed")[:, PARENTING]
                           & (sev[:, PARENTING] > cfg.needs.problem_threshold))
    new = wants[np.argsort(-sev[wants, PARENTING], kind="stable")][:max(int(room), 0)]
    assisted[new] = True
    fam.known_served[new, PARENTING] = True
    model.tally["assistance_started"] += len(new)

    rows = np.flatnonzero(assisted)
    floor = cfg.services.engagement_effect_floor
    relief = st.assistant_effect * (floor + (1 - floor) * fam.engagement[rows])
    sev[rows, PARENTING] = np.maximum(sev[rows, PARENTING] - relief, 0.0)
    fam.assistant_weeks[rows] += 1
    hidden = (sev[rows] > cfg.needs.problem_threshold) & ~fam.revealed[rows]
    found = hidden & (u[rows] < st.assistant_observation)
    fam.revealed[rows] |= found
    model.tally["families_with_assistant"] = len(rows)
    model.tally["assistant_needs_revealed"] += int(found.sum())
    model.tally["cost_services"] += len(rows) * model.cfg.costs.family_assistant_week


def open_procedures(fam: FamilyTable) -> np.ndarray:
    """Per family row, a Niebieska Karta group works with it this week."""
    return (fam.view("procedure_weeks") > 0) & (fam.view("status") == ACTIVE)


def worker_hours(fam: FamilyTable, n_workers: int, st: StatutoryConfig) -> np.ndarray:
    """Per worker, hours this week in the groups of their families' open procedures."""
    groups = np.bincount(fam.view("worker")[open_procedures(fam)], minlength=n_workers)
    return groups * st.group_meeting_hours_per_month / WEEKS_PER_MONTH


def partner_hours(fam: FamilyTable, st: StatutoryConfig) -> float:
    """Other institutions' staff hours this week: groups of open procedures and the standing team."""
    groups = int(open_procedures(fam).sum())
    return (groups * st.group_members * st.group_meeting_hours_per_month / WEEKS_PER_MONTH
            + st.team_members * st.team_meeting_hours_per_quarter / WEEKS_PER_QUARTER)
