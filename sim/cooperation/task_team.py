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

from sim.config import TaskTeamConfig
from sim.domain import WEEKS_PER_MONTH
from sim.ordering import rank_within

ENDINGS = ("success", "time_limit", "dropout")  # how a team ends
OUTCOMES = (*ENDINGS, "open")
CONTINUES = -1  # review result of a team that goes on


class TaskTeams:
    """The rules of ZZKs and the log of every team (programme) ever formed.

    Per-family team state lives in the FamilyTable (``team``, ``programme``, ``team_goals``,
    ``team_sectors``, ``team_started``, ``team_ended``); the log here keeps one entry per team.
    """

    def __init__(self, cfg: TaskTeamConfig, lead_sector: np.ndarray, n_sectors: int):
        self.cfg = cfg
        self.lead_sector = lead_sector  # need -> sector that mainly serves it
        self.n_sectors = n_sectors
        self._started: list[dict[str, np.ndarray]] = []
        self._ended: list[dict[str, np.ndarray]] = []
        self.count = 0  # teams formed so far; the next team's programme id

    @property
    def enabled(self) -> bool:
        return bool(self.cfg.enabled)

    @property
    def helps(self) -> bool:
        """The joint plan changes the work (off: teams only meet and cost time)."""
        return self.enabled and bool(self.cfg.benefits)

    def member_sectors(self, goals: np.ndarray) -> np.ndarray:
        """Per family (rows of ``goals``, family × need), the sectors its goals call for."""
        onehot = np.zeros((goals.shape[1], self.n_sectors), bool)
        onehot[np.arange(goals.shape[1]), self.lead_sector] = True
        return (goals.astype(np.int32) @ onehot) > 0

    def sectors_spanned(self, problems: np.ndarray) -> np.ndarray:
        """Per family, how many sectors its problem needs call for."""
        return self.member_sectors(problems).sum(axis=1)

    def form(self, candidates: np.ndarray, worker: np.ndarray, teams_per_worker: np.ndarray,
             order_key: np.ndarray) -> np.ndarray:
        """Rows (from ``candidates``) that get a team, within each worker's team limit."""
        if not self.enabled or len(candidates) == 0:
            return candidates[:0]
        order, rank = rank_within(worker[candidates], order_key)
        rows = candidates[order]
        w = worker[rows]
        room = self.cfg.max_teams_per_worker - teams_per_worker[w]
        return rows[rank < room]

    def may_form(self, team_ended: np.ndarray, now: int) -> np.ndarray:
        """No new team before ``reform_gap_weeks`` after the family's last one ended (-1: never)."""
        return (team_ended < 0) | (now - team_ended >= self.cfg.reform_gap_weeks)

    def review(self, age: np.ndarray, goals_met: np.ndarray, engagement: np.ndarray,
               u: np.ndarray) -> np.ndarray:
        """Outcome index (into ENDINGS) per team, CONTINUES if none is due or the team goes on.

        A review falls every ``review_weeks`` of a team's age. Goals met end it with success; at
        the time limit it ends; otherwise the family withdraws with probability
        ``withdrawal_probability``·(1 − trust).
        """
        c = self.cfg
        due = (age > 0) & (age % c.review_weeks == 0)
        withdraws = u < c.withdrawal_probability * (1.0 - engagement)
        outcome = np.select(
            [goals_met, age >= c.max_duration_weeks, withdraws],
            [ENDINGS.index("success"), ENDINGS.index("time_limit"), ENDINGS.index("dropout")],
            CONTINUES)
        return np.where(due, outcome, CONTINUES)

    def parallel_limit(self, in_team: np.ndarray) -> np.ndarray:
        """Referrals a family may have open at once: one after another unless a joint plan."""
        limit = self.cfg.parallel_referrals if self.helps else 1
        return np.where(in_team, limit, 1)

    def deduplicates(self) -> bool:
        return self.helps and bool(self.cfg.deduplicate)

    def relapse_noticed(self, u: np.ndarray) -> np.ndarray:
        return u < (self.cfg.relapse_detection if self.helps else 0.0)

    def worker_hours(self, teams: np.ndarray) -> np.ndarray:
        """Per worker, hours in team meetings this week."""
        return teams * self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH

    def partner_hours(self, member_sectors: int) -> float:
        """Hours of other institutions' staff in team meetings this week (all teams)."""
        return member_sectors * self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH

    # --- the programme log ----------------------------------------------------------------------
    def log_start(self, family: np.ndarray, worker: np.ndarray, goals: np.ndarray,
                  week: int) -> np.ndarray:
        """Record new teams; returns their programme ids."""
        ids = np.arange(self.count, self.count + len(family))
        self.count += len(family)
        self._started.append({"id": ids, "family": family.copy(), "worker": worker.copy(),
                              "week": np.full(len(family), week), "goals": goals.copy()})
        return ids

    def log_end(self, ids: np.ndarray, outcome: str, week: int) -> None:
        self._ended.append({"id": ids.copy(), "week": np.full(len(ids), week),
                            "outcome": np.full(len(ids), OUTCOMES.index(outcome))})

    def log_frame(self, last_week: int, needs: tuple[str, ...],
                  sectors: tuple[str, ...]) -> pd.DataFrame:
        """One row per team ever formed; open teams have week_ended -1 and run to ``last_week``."""
        d = len(needs)
        cat = lambda key, dtype: np.concatenate(  # noqa: E731
            [s[key] for s in self._started] or [np.zeros(0, dtype)])
        ids, started = cat("id", np.int64), cat("week", np.int64)
        goals = np.concatenate([s["goals"] for s in self._started] or [np.zeros((0, d), bool)])
        ended = np.full(len(ids), -1, np.int64)
        outcome = np.full(len(ids), OUTCOMES.index("open"), np.int64)
        for e in self._ended:
            ended[e["id"]] = e["week"]
            outcome[e["id"]] = e["outcome"]
        members = self.member_sectors(goals)
        joined = lambda mask, names: [";".join(np.asarray(names)[m]) for m in mask]  # noqa: E731
        return pd.DataFrame({
            "programme_id": ids,
            "family_id": cat("family", np.int64).astype(np.int64),
            "worker": cat("worker", np.int32).astype(np.int64),
            "week_started": started,
            "week_ended": ended,
            "goals": joined(goals, needs),
            "member_sectors": joined(members, sectors),
            "n_goals": goals.sum(axis=1).astype(np.int64),
            "outcome": pd.Categorical.from_codes(outcome, OUTCOMES),
            "duration_weeks": np.where(ended >= 0, ended, last_week) - started,
        })
