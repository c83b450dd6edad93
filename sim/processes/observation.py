"""Institutions see families' problems in their own work; what reaches the worker depends on D1.

A school sees parenting and education problems, the police violence, a hospital health and
addiction. Each week a problem need of an active family is noticed by some sector with a
probability that grows with its severity. Siloed, the institution keeps what it saw (and may serve
the need on its own, unknown to the OPS); a PZK member passes it to the family's social worker
with probability ``information_sharing``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from sim.config import SimConfig
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import TaskTeams
from sim.domain import NEEDS
from sim.processes.process import Process
from sim.referrals import OWN, QUEUED
from sim.rng import Streams, cast
from sim.state import State


@dataclass(frozen=True)
class Observations:
    """Needs (family row, need) that institutions learned of this week, and which one did."""

    rows: np.ndarray
    needs: np.ndarray
    institution: np.ndarray

    @classmethod
    def by_sector(cls, rows: np.ndarray, needs: np.ndarray, sector: int,
                  sector_of: np.ndarray) -> Observations:
        """Seen by an institution of ``sector`` (spread over its institutions by family)."""
        candidates = np.flatnonzero(sector_of == sector)
        if len(candidates) == 0:
            return cls.join([])
        return cls(rows, needs, candidates[rows % len(candidates)])

    @classmethod
    def join(cls, parts: list[Observations]) -> Observations:
        empty = np.zeros(0, np.int64)
        return cls(*(np.concatenate([empty, *(getattr(p, k) for p in parts)])
                     for k in ("rows", "needs", "institution")))


class Observation(Process):
    """Routine noticing by every sector, plus what other processes reported; returns how many
    shared reports each worker received (they cost the worker time)."""

    streams = ("observe", "share", "own_initiative")
    counters = ("observations", "shared_reports", "own_initiative_services")

    def __init__(self, cfg: SimConfig, rng: Streams, partnership: Partnership,
                 teams: TaskTeams):
        super().__init__(rng)
        self.problem_threshold = cfg.behaviour.needs.problem_threshold
        self.own_initiative = cfg.behaviour.services.own_initiative
        self.partnership, self.teams = partnership, teams

    def __call__(self, state: State, reported: Observations) -> np.ndarray:
        fam, inst = state.families, state.institutions
        shared_reports = np.zeros(len(state.workforce), np.int64)
        if len(inst) == 0:
            return shared_reports
        week = state.now
        rows, needs, u_who = _noticed(fam.view("severity"), state.active(),
                                      inst.observation_rate, self.problem_threshold, week,
                                      self.dice("observe").key)
        who = inst.who_saw(needs, u_who)
        rows, needs, who = (np.r_[rows, reported.rows], np.r_[needs, reported.needs],
                            np.r_[who, reported.institution])
        state.counters.add("observations", len(rows))
        if len(rows) == 0:
            return shared_reports
        self._own_initiative(state, rows, needs, who,
                             self.dice("own_initiative")(week, rows, needs))
        shared = self.partnership.shares(who, self.dice("share")(week, rows, needs))
        s_rows, s_needs = rows[shared], needs[shared]
        fam.revealed[s_rows, s_needs] = True
        book = state.referrals
        fam.known_served[s_rows, s_needs] |= book.covers(s_rows, s_needs, book["origin"] == OWN)
        state.counters.add("shared_reports", len(s_rows))
        return np.bincount(fam.worker[s_rows], minlength=len(state.workforce))

    def _own_initiative(self, state: State, rows, needs, who, u) -> None:
        """An institution starts serving a need it saw, unless it already does (or a ZZK plan
        has someone on it)."""
        fam, inst, book = state.families, state.institutions, state.referrals
        start = inst.serves[who, needs] & (u < self.own_initiative)
        start &= ~book.covers(rows, needs, book["origin"] == OWN)
        if self.teams.deduplicates():
            start &= ~(fam.team[rows] & book.covers(rows, needs))
        # one start per cell even if two institutions saw it this week
        cells = rows[start] * len(NEEDS) + needs[start]
        _, first = np.unique(cells, return_index=True)
        pick = np.flatnonzero(start)[first]
        week = state.now
        book.add(family=rows[pick], need=needs[pick], institution=who[pick], origin=OWN,
                 stage=QUEUED, created=week, ready=week, queued=week, started=-1,
                 misdirected=False)
        state.counters.add("own_initiative_services", len(pick))


@njit(cache=True)
def _noticed(severity, active, rate, threshold, week, observe):
    """Problem needs of active families some sector notices this week (with probability rate ×
    severity), in row order; and for each, u / (rate × severity), uniform again, to pick which
    institution saw it."""
    n, d = severity.shape
    rows = np.empty(n * d, np.int64)
    needs = np.empty(n * d, np.int64)
    again = np.empty(n * d)
    k = 0
    for r in range(n):
        if not active[r]:
            continue
        for j in range(d):
            if severity[r, j] <= threshold:
                continue
            p = rate[j] * severity[r, j]
            u = cast(observe, week, r, j)
            if u < p:
                rows[k], needs[k], again[k] = r, j, u / p
                k += 1
    return rows[:k], needs[:k], again[:k]
