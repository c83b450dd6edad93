"""The state of one municipality: families, workers, institutions, open referrals, task teams,
event logs and the week. It lives in one place; processes change it, and only the operations
below change who is in assistance (przyjęcie, zakończenie pomocy, powrót) or in a task team.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from sim.agents.institution import Institutions
from sim.agents.social_worker import Workforce
from sim.cooperation.task_team import ProgrammeLog, goals_met
from sim.domain import CRISES
from sim.population import ACTIVE, EXITED, NO_ONE, FamilyTable, Newcomers
from sim.referrals import ReferralBook


class Counters:
    """This week's counts and sums under names declared before the run: a name no process
    declared fails at once instead of silently reading zero. The values live in one array, so a
    compiled kernel can add to a counter by its :meth:`index`."""

    def __init__(self, names: Iterable[str]):
        self.names = tuple(dict.fromkeys(names))
        self._index = {name: i for i, name in enumerate(self.names)}
        self.values = np.zeros(len(self.names))

    def reset(self) -> None:
        self.values.fill(0.0)

    def index(self, name: str) -> int:
        """Where counter ``name`` sits in :attr:`values`."""
        try:
            return self._index[name]
        except KeyError:
            raise _undeclared(name) from None

    def add(self, name: str, value: float) -> None:
        self.values[self.index(name)] += value

    def set(self, name: str, value: float) -> None:
        self.values[self.index(name)] = value

    def __getitem__(self, name: str) -> float:
        return float(self.values[self.index(name)])


def _undeclared(name: str) -> KeyError:
    return KeyError(f"counter {name!r} is not declared by any process")


@dataclass
class State:
    """Everything that changes during a run (one municipality, one scenario, one seed).

    ``now`` is the week being simulated, counted from 1; week 0 is the initial caseload. The
    model sets it from Mesa's ``steps``, its only clock.
    """

    # counters reported by the operations of the state itself
    counters_declared = ("exits", "reentries", "teams_formed", "teams_ended",
                         *(f"teams_ended_{e}" for e in ProgrammeLog.endings))

    families: FamilyTable
    workforce: Workforce
    institutions: Institutions
    programmes: ProgrammeLog
    counters: Counters
    problem_threshold: float  # severity above which a need is a problem (unit: severity 0-1)
    independence_threshold: float  # severity below which a need no longer needs help
    referrals: ReferralBook = field(default_factory=ReferralBook)
    now: int = 0
    crisis_log: list[tuple[np.ndarray, np.ndarray, str]] = field(default_factory=list)
    movement_log: list[tuple[int, np.ndarray, str]] = field(default_factory=list)

    # --- who is in assistance -----------------------------------------------------------------
    def arrive(self, newcomers: Newcomers, rng: np.random.Generator, k: int) -> np.ndarray:
        """``k`` new families, drawn from ``rng``, come to the OPS (przyjęcie); each gets the
        least loaded worker."""
        fam = self.families
        idx = newcomers.join(fam, rng, k, self.now)
        _least_loaded(idx, fam.worker, self.workforce.caseload)
        self.movement_log.append((self.now, idx, "entry"))
        return idx

    def discharge(self, rows: np.ndarray) -> None:
        """Families leave assistance: case, services and task team close."""
        if len(rows) == 0:
            return
        fam = self.families
        teamed = rows[fam.team[rows]]
        if len(teamed):
            met = self.goals_met(teamed)  # all needs are low at an exit, so its goals are met
            self.end_teams(teamed[met], "success")
            self.end_teams(teamed[~met], "dropout")
        their_referrals = _close_cases(
            rows, fam.status, fam.exits, fam.worker, fam.revealed, fam.known_served,
            fam.stable_weeks, fam.procedure_weeks, self.workforce.caseload,
            self.referrals["family"])
        self.referrals.close(their_referrals, "closed", self.now)
        self.movement_log.append((self.now, rows, "exit"))
        self.counters.add("exits", len(rows))

    def readmit(self, rows: np.ndarray) -> None:
        """Families that left come back (applied again, or brought back by a crisis)."""
        if len(rows) == 0:
            return
        fam = self.families
        _reopen_cases(rows, fam.status, fam.reentries, fam.stable_weeks, fam.worker,
                      self.workforce.caseload)
        self.movement_log.append((self.now, rows, "reentry"))
        self.counters.add("reentries", len(rows))

    # --- task teams (ZZK) ---------------------------------------------------------------------
    def start_teams(self, rows: np.ndarray, goals: np.ndarray,
                    sectors: np.ndarray | None = None) -> None:
        """ZZKs form around these families with these goals (family × need); slots are taken.
        ``sectors``: per team, the sectors its goals seat, when the caller has counted them."""
        if len(rows) == 0:
            return
        fam = self.families
        if sectors is None:
            sectors = self.programmes.member_sectors(goals).sum(axis=1)
        ids = self.programmes.start(rows, fam.worker[rows], goals, self.now)
        _form_teams(rows, goals, sectors, ids, self.now, fam.team, fam.team_goals,
                    fam.team_sectors, fam.team_started, fam.programme, fam.worker,
                    self.workforce.teams)
        self.counters.add("teams_formed", len(rows))

    def end_teams(self, rows: np.ndarray, outcome: str) -> None:
        """The ZZKs of these families end with ``outcome``; their workers' slots free."""
        if len(rows) == 0:
            return
        fam = self.families
        self.programmes.end(fam.programme[rows], outcome, self.now)
        _disband_teams(rows, self.now, fam.team, fam.team_goals, fam.team_sectors, fam.team_ended,
                       fam.programme, fam.worker, self.workforce.teams)
        self.counters.add("teams_ended", len(rows))
        self.counters.add(f"teams_ended_{outcome}", len(rows))

    @property
    def closed_team_weeks(self) -> int:
        """Weeks the ZZKs closed so far lasted, together (for their mean)."""
        return self.programmes.closed_weeks()

    def goals_met(self, rows: np.ndarray) -> np.ndarray:
        """Per family, every goal of its ZZK's plan is below the independence threshold."""
        return _goals_met(rows, self.families.severity, self.families.team_goals,
                          self.independence_threshold)

    # --- what happened --------------------------------------------------------------------------
    def log_crises(self, rows: np.ndarray, start: list[int]) -> None:
        """This week's crises: crisis ``c`` (of ``CRISES``) struck ``rows[start[c]:
        start[c + 1]]``. The log keeps ``rows``."""
        weeks = np.full(len(rows), self.now)
        for c, name in enumerate(CRISES):
            if start[c + 1] > start[c]:
                self.crisis_log.append((weeks[start[c]: start[c + 1]],
                                        rows[start[c]: start[c + 1]], name))

    def active(self) -> np.ndarray:
        """Per family row, in assistance now."""
        return self.families.view("status") == ACTIVE


@njit(cache=True)
def _close_cases(rows, status, exits, worker, revealed, known_served, stable_weeks,
                 procedure_weeks, caseload, book_family):
    """Each leaving family's case closes: its worker's caseload falls, what the OPS knew of its
    needs is forgotten; returns which open referrals are theirs (per row of the book)."""
    leaving = np.zeros(len(status), np.bool_)
    for r in rows:
        caseload[worker[r]] -= 1
        status[r] = EXITED
        exits[r] += 1
        worker[r] = NO_ONE
        revealed[r] = False
        known_served[r] = False
        stable_weeks[r] = 0
        procedure_weeks[r] = 0
        leaving[r] = True
    theirs = np.empty(len(book_family), np.bool_)
    for b in range(len(book_family)):
        theirs[b] = leaving[book_family[b]]
    return theirs


@njit(cache=True)
def _reopen_cases(rows, status, reentries, stable_weeks, worker, caseload):
    """Each returning family is in assistance again, with the least loaded worker."""
    for r in rows:
        status[r] = ACTIVE
        reentries[r] += 1
        stable_weeks[r] = 0
    _least_loaded(rows, worker, caseload)


@njit(cache=True)
def _form_teams(rows, goals, sectors, ids, week, team, team_goals, team_sectors, team_started,
                programme, worker, worker_teams):
    """Each family's ZZK starts with its plan's goals and sectors; its worker takes a slot."""
    for k, r in enumerate(rows):
        team[r] = True
        team_goals[r] = goals[k]
        team_sectors[r] = sectors[k]
        team_started[r] = week
        programme[r] = ids[k]
        worker_teams[worker[r]] += 1


@njit(cache=True)
def _disband_teams(rows, week, team, team_goals, team_sectors, team_ended, programme, worker,
                   worker_teams):
    """Each family's ZZK ends; its worker's slot frees."""
    for r in rows:
        worker_teams[worker[r]] -= 1
        team[r] = False
        team_goals[r] = False
        team_sectors[r] = 0
        team_ended[r] = week
        programme[r] = NO_ONE


@njit(cache=True)
def _goals_met(rows, severity, team_goals, threshold):
    """Per family of ``rows``, :func:`~sim.cooperation.task_team.goals_met`."""
    met = np.empty(len(rows), np.bool_)
    for k, r in enumerate(rows):
        met[k] = goals_met(team_goals[r], severity[r], threshold)
    return met


@njit(cache=True)
def _least_loaded(rows, worker, caseload):
    """Each family in turn gets the least loaded worker (the first of equals): a heap of
    (caseload, worker) pairs. Its top is the one least pair whatever the heap's layout, so
    the heap is built in linear time instead of sorting the workers."""
    n = len(caseload)
    heap = np.arange(n)
    for i in range(n // 2 - 1, -1, -1):
        _sift_down(heap, i, caseload)
    for r in rows:
        w = heap[0]
        worker[r] = w
        caseload[w] += 1
        _sift_down(heap, 0, caseload)


@njit(cache=True, inline="always")
def _sift_down(heap, i, caseload):
    """Move the worker at place ``i`` of the heap down to its place."""
    n = len(heap)
    while True:
        child = 2 * i + 1
        if child >= n:
            break
        if child + 1 < n and _before(caseload, heap[child + 1], heap[child]):
            child += 1
        if not _before(caseload, heap[child], heap[i]):
            break
        heap[i], heap[child] = heap[child], heap[i]
        i = child


@njit(cache=True, inline="always")
def _before(caseload, a, b):
    return caseload[a] < caseload[b] or (caseload[a] == caseload[b] and a < b)
