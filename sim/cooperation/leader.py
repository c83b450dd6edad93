"""The leader of a PZK: the OPS as lider / animator instytucjonalny (in one city a pracownik ds.
sieci). Someone convenes and moderates the meetings, keeps the local basket of services current
and follows up; their hours are a cost, partly taken from the social workers' weeks.

Leadership *L* = h / (h + h½) of the coordinator's weekly hours h. A partnership learns at
``unled_learning`` + (1 − ``unled_learning``)·*L* of its fully led rate: cutting the hours makes a
partnership that meets without anyone leading it learn more slowly. With ``unled_learning`` = 1
and no hours (or the leader switched off) the leader changes nothing.
"""

from __future__ import annotations

from sim.config import LeaderConfig


class Leader:
    def __init__(self, cfg: LeaderConfig, enabled: bool):
        self.cfg = cfg
        self.hours = cfg.coordinator_hours_per_week if enabled else 0.0

    @property
    def leadership(self) -> float:
        """L in [0, 1): how much of a full lead the coordinator's hours give."""
        h = self.hours
        return h / (h + self.cfg.half_hours)

    @property
    def learning_factor(self) -> float:
        """Share of the fully led learning rate the partnership reaches (1 = as if fully led)."""
        unled = self.cfg.unled_learning
        return unled + (1.0 - unled) * self.leadership

    def worker_hours(self, n_workers: int) -> float:
        """Hours each social worker gives the coordinator's tasks this week."""
        return self.hours * self.cfg.from_workers / max(n_workers, 1)

    def post_hours(self) -> float:
        """Hours of a separate post (not taken from casework) this week."""
        return self.hours * (1.0 - self.cfg.from_workers)
