"""D2, Zadaniowy Zespół Kooperacyjny (ZZK): a task team around one family, with a life cycle.

A team forms when a family's revealed problem needs span at least ``min_sectors`` sectors. Its
individual plan takes those needs on as **goals** and seats the sector that mainly serves each
(the members). Its joint plan runs services in parallel instead of one after another, keeps two
institutions from serving the same need, and its members notice a relapse early. Meetings cost the
worker and the members time. Every ``review_weeks`` the team reviews the plan: it ends with
success when every goal is below the independence threshold, at its time limit, or when the family
withdraws (more likely the less it trusts its worker). A family that leaves assistance closes its
team. The worker's slot frees for the next family; the same family gets no new team for
``reform_gap_weeks``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit

from sim.config import ServiceConfig, TaskTeamConfig
from sim.domain import NEEDS, SECTORS, WEEKS_PER_MONTH

ENDINGS = ("success", "time_limit", "dropout")  # how a team ends
OUTCOMES = (*ENDINGS, "open")


def lead_sectors(services: ServiceConfig) -> np.ndarray:
    """Per need, the sector whose service addresses it best (its seat in a ZZK)."""
    table = np.array([[services.effect.get(s, {}).get(n, 0.0) for n in NEEDS] for s in SECTORS])
    return np.argmax(table, axis=0)


def member_sectors(goals: np.ndarray, lead_sector: np.ndarray) -> np.ndarray:
    """Per family (rows of ``goals``, family × need), the sectors its goals call for."""
    members = np.zeros((len(goals), len(SECTORS)), bool)
    family, need = np.nonzero(goals)
    members[family, lead_sector[need]] = True
    return members


@njit(cache=True)
def goals_met(goals, severity, independence):
    """One family's plan is fulfilled: every goal need (``goals``, one flag per need) is below
    the independence threshold. The rule of a review's success and of a team closed at exit."""
    for j in range(len(goals)):
        if goals[j] and not severity[j] < independence:
            return False
    return True


@njit(cache=True, inline="always")
def worker_hours(teams, meeting_hours_per_month):
    """A worker's hours in team meetings this week, with ``teams`` teams (each meets
    ``meeting_hours_per_month``, with or without the plan's benefits)."""
    return teams * meeting_hours_per_month / WEEKS_PER_MONTH


class TaskTeams:
    """The rules of ZZKs: what a team's joint plan changes and what its meetings cost. Who gets
    a team is the worker's decision in casework (``processes/casework.py``); when one ends (its
    reviews) and its members' relapse watch are the weekly process, ``processes/task_teams.py``.

    Per-family team state lives in the FamilyTable (``team``, ``programme``, ``team_goals``,
    ``team_sectors``, ``team_started``, ``team_ended``); every team ever formed is in the
    state's :class:`ProgrammeLog`.
    """

    def __init__(self, cfg: TaskTeamConfig, lead_sector: np.ndarray):
        self.cfg = cfg
        self.lead_sector = lead_sector  # need -> sector that mainly serves it

    @property
    def enabled(self) -> bool:
        return bool(self.cfg.enabled)

    @property
    def helps(self) -> bool:
        """The joint plan changes the work (off: teams only meet and cost time)."""
        return self.enabled and bool(self.cfg.benefits)

    def parallel_limit(self, in_team: np.ndarray) -> np.ndarray:
        """Referrals a family may have open at once: one after another unless a joint plan."""
        limit = self.cfg.parallel_referrals if self.helps else 1
        return np.where(in_team, limit, 1)

    def deduplicates(self) -> bool:
        return self.helps and bool(self.cfg.deduplicate)

    @property
    def relapse_detection(self) -> float:
        """Weekly probability that members notice a hidden problem need (none without a plan
        that changes the work)."""
        return self.cfg.relapse_detection if self.helps else 0.0

    def partner_hours(self, member_sectors: int) -> float:
        """Hours of other institutions' staff in team meetings this week (all teams)."""
        return member_sectors * self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH


class ProgrammeLog:
    """Every ZZK ever formed (one entry per team's individual plan) and how it ended."""

    endings = ENDINGS

    def __init__(self, lead_sector: np.ndarray):
        self.lead_sector = lead_sector
        self._started: list[dict[str, np.ndarray]] = []
        self._ended: list[dict[str, np.ndarray]] = []
        self.count = 0  # teams formed so far; the next team's programme id

    def member_sectors(self, goals: np.ndarray) -> np.ndarray:
        return member_sectors(goals, self.lead_sector)

    def start(self, family: np.ndarray, worker: np.ndarray, goals: np.ndarray,
              week: int) -> np.ndarray:
        """Record new teams; returns their programme ids."""
        ids = np.arange(self.count, self.count + len(family))
        self.count += len(family)
        self._started.append({"id": ids, "family": family.copy(), "worker": worker.copy(),
                              "week": np.full(len(family), week), "goals": goals.copy()})
        return ids

    def end(self, ids: np.ndarray, outcome: str, week: int) -> None:
        self._ended.append({"id": ids.copy(), "week": np.full(len(ids), week),
                            "outcome": np.full(len(ids), OUTCOMES.index(outcome))})

    def closed_weeks(self) -> int:
        """Weeks the teams closed so far lasted, together (ids count the teams in the order they
        started, so the start weeks concatenated are indexed by id)."""
        if not self._ended:
            return 0
        started = np.concatenate([s["week"] for s in self._started])
        ids = np.concatenate([e["id"] for e in self._ended])
        ended = np.concatenate([e["week"] for e in self._ended])
        return int((ended - started[ids]).sum())

    def frame(self, last_week: int) -> pd.DataFrame:
        """One row per team ever formed; open teams have week_ended -1 and run to ``last_week``."""
        d = len(NEEDS)
        cat = lambda key, dtype: np.concatenate(  # noqa: E731
            [s[key] for s in self._started] or [np.zeros(0, dtype)])
        ids, started = cat("id", np.int64), cat("week", np.int64)
        goals = np.concatenate([s["goals"] for s in self._started] or [np.zeros((0, d), bool)])
        ended = np.full(len(ids), -1, np.int64)
        outcome = np.full(len(ids), OUTCOMES.index("open"), np.int64)
        for e in self._ended:
            ended[e["id"]] = e["week"]
            outcome[e["id"]] = e["outcome"]
        members = member_sectors(goals, self.lead_sector)
        joined = lambda mask, names: [";".join(np.asarray(names)[m]) for m in mask]  # noqa: E731
        return pd.DataFrame({
            "programme_id": ids,
            "family_id": cat("family", np.int64).astype(np.int64),
            "worker": cat("worker", np.int32).astype(np.int64),
            "week_started": started,
            "week_ended": ended,
            "goals": joined(goals, NEEDS),
            "member_sectors": joined(members, SECTORS),
            "n_goals": goals.sum(axis=1).astype(np.int64),
            "outcome": pd.Categorical.from_codes(outcome, OUTCOMES),
            "duration_weeks": np.where(ended >= 0, ended, last_week) - started,
        })
