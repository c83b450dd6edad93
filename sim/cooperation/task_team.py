"""D2, Zadaniowy Zespół Kooperacyjny (ZZK): a task team around one family.

Formed when a family's revealed needs span at least ``min_sectors`` sectors. Its joint plan runs
services in parallel instead of one after another, keeps two institutions from serving the same
need, and its members notice a relapse early. Meetings cost the worker and the members time.
"""

from __future__ import annotations

import numpy as np

from sim.config import TaskTeamConfig
from sim.domain import WEEKS_PER_MONTH
from sim.ordering import rank_within


class TaskTeams:
    def __init__(self, cfg: TaskTeamConfig, lead_sector: np.ndarray, n_sectors: int):
        self.cfg = cfg
        self.lead_sector = lead_sector  # need -> sector that mainly serves it
        self.n_sectors = n_sectors

    @property
    def enabled(self) -> bool:
        return bool(self.cfg.enabled)

    def sectors_spanned(self, problems: np.ndarray) -> np.ndarray:
        """Per family, how many sectors its problem needs call for."""
        onehot = np.zeros((problems.shape[1], self.n_sectors), bool)
        onehot[np.arange(problems.shape[1]), self.lead_sector] = True
        return ((problems.astype(np.int32) @ onehot) > 0).sum(axis=1)

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

    def parallel_limit(self, in_team: np.ndarray) -> np.ndarray:
        """Referrals a family may have open at once: one after another unless a joint plan."""
        limit = self.cfg.parallel_referrals if self.enabled else 1
        return np.where(in_team, limit, 1)

    def deduplicates(self) -> bool:
        return self.enabled and bool(self.cfg.deduplicate)

    def relapse_noticed(self, u: np.ndarray) -> np.ndarray:
        return u < (self.cfg.relapse_detection if self.enabled else 0.0)

    def worker_hours(self, teams: np.ndarray) -> np.ndarray:
        """Per worker, hours in team meetings this week."""
        return teams * self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH

    def partner_hours(self, member_sectors: int) -> float:
        """Hours of other institutions' staff in team meetings this week (all teams)."""
        return member_sectors * self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH
