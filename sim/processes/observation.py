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

from sim.agents.institution import first_above
from sim.config import SimConfig
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import TaskTeams
from sim.domain import NEEDS
from sim.population import ACTIVE
from sim.processes.process import Process
from sim.referrals import OWN, QUEUED, ROW
from sim.rng import SLOT_BITS, Streams, cast
from sim.state import State


@dataclass(frozen=True)
class Observations:
    """Needs (family row, need) that institutions learned of this week, and which one did."""

    rows: np.ndarray
    needs: np.ndarray
    institution: np.ndarray

    @classmethod
    def spread(cls, rows: np.ndarray, needs: np.ndarray,
               institutions: np.ndarray) -> Observations:
        """Seen by one of ``institutions`` (those of one sector), spread over them by family."""
        if len(institutions) == 0:
            return cls.none()
        return cls(rows, needs, institutions[rows % len(institutions)])

    @classmethod
    def none(cls) -> Observations:
        """Nothing learned (the week's own observations and the reported ones are joined
        inside the observation kernel, :func:`_observe`)."""
        empty = np.zeros(0, np.int64)
        return cls(empty, empty, empty)


class Observation(Process):
    """Routine noticing by every sector, plus what other processes reported; returns how many
    shared reports each worker received (they cost the worker time)."""

    streams = ("observe", "share", "own_initiative")
    counters = ("observations", "shared_reports", "own_initiative_services")

    def __init__(self, cfg: SimConfig, rng: Streams, partnership: Partnership,
                 teams: TaskTeams):
        super().__init__(rng)
        self.partnership = partnership
        self.rules = np.array([cfg.behaviour.needs.problem_threshold,
                               cfg.behaviour.services.own_initiative, partnership.sharing,
                               teams.deduplicates()], np.float64)
        # kept between weeks: the week's problem cells (see _noticed) and their dice, and what
        # the open referrals of each (family, need) cell seen are (the kernel clears the cells
        # it set)
        self._cells, self._dice = np.empty(0, np.int64), np.empty(0)
        self._cell = np.zeros((0, len(NEEDS)), np.uint8)

    def __call__(self, state: State, reported: Observations) -> np.ndarray:
        fam, inst, book = state.families, state.institutions, state.referrals
        shared_reports = np.zeros(len(state.workforce), np.int64)
        if len(inst) == 0:
            return shared_reports
        if len(self._cells) < fam.n * len(NEEDS):
            self._cells = np.empty(2 * fam.n * len(NEEDS), np.int64)
            self._dice = np.empty(len(self._cells))
            self._cell = np.zeros((2 * fam.n, len(NEEDS)), np.uint8)
        started = _observe(
            fam.view("severity"), fam.status, inst.observation_rate, inst.notice_choice,
            reported.rows, reported.needs, reported.institution, book.rows, self._cells,
            self._dice, self._cell, inst.serves, fam.team, self.partnership.member, fam.revealed,
            fam.known_served, fam.worker, shared_reports, self.rules, state.now, self.dice,
            state.counters.values, self.positions(state.counters))
        book.extend(started)
        return shared_reports


OBSERVATIONS, SHARED_REPORTS, OWN_INITIATIVE_SERVICES = range(len(Observation.counters))
OBSERVE_DIE, SHARE_DIE, OWN_DIE = range(3)  # positions in Observation.dice
THRESHOLD, OWN_INITIATIVE, SHARING, DEDUPLICATE = range(4)  # positions in Observation.rules
# what the open referrals of a (family, need) cell seen this week are, as bits of one code
ANY_ROW, OWN_ROW, STARTED, SEEN = 1, 2, 4, 8  # any open row, an institution's own, one started
# this week; SEEN marks the cells to code (only these are read)


@njit(cache=True)
def _observe(severity, status, rate, notice_choice, reported_rows, reported_needs, reported_by,
             book, cells, dice, cell, serves, team, member, revealed, known_served, worker,
             shared_reports, rules, week, keys, counters, at):
    """The week's observation in one call: the problem needs some sector noticed (see
    :func:`_noticed`) and which institution did (weighted by how much each observes), then
    those other processes ``reported``; what institutions do with them (see :func:`_take_in`).
    Returns the services started on an institution's own initiative as rows of the book."""
    rows, needs, u = _noticed(severity, status, rate, rules[THRESHOLD], week,
                              keys[OBSERVE_DIE], cells, dice)
    who = first_above(notice_choice, needs, u)
    if len(reported_rows):
        rows, needs = _joined(rows, reported_rows), _joined(needs, reported_needs)
        who = _joined(who, reported_by)
    if len(rows) == 0:
        return np.empty(0, ROW)
    return _take_in(rows, needs, who, book, cell, serves, rules[OWN_INITIATIVE],
                    rules[DEDUPLICATE] > 0.0, team, member, rules[SHARING], revealed,
                    known_served, worker, shared_reports, week, keys[OWN_DIE], keys[SHARE_DIE],
                    counters, at)


@njit(cache=True)
def _joined(first, then):
    """``first`` followed by ``then``, as integers."""
    out = np.empty(len(first) + len(then), np.int64)
    out[: len(first)] = first
    out[len(first):] = then
    return out


@njit(cache=True)
def _take_in(rows, needs, who, book, cell, serves, own_initiative, deduplicate, team, member,
             sharing, revealed, known_served, worker, shared_reports, week, own_die, share_die,
             counters, at):
    """What institutions do with the needs they saw (``rows``, ``needs``, by ``who``): start
    serving some on their own, and, PZK members, tell the worker. Returns the services started
    on an institution's own initiative as rows of the referral book (ordered by family, then
    need); adds each worker's shared reports to ``shared_reports`` and counts. ``cell`` (all
    zero) codes the open referrals of the cells seen meanwhile."""
    for i in range(len(rows)):
        cell[rows[i], needs[i]] = SEEN
    for b in range(len(book)):
        r, j = book[b].family, book[b].need
        if cell[r, j] & SEEN:
            cell[r, j] |= ANY_ROW | (OWN_ROW if book[b].origin == OWN else 0)
    start = _own_initiative(rows, needs, who, cell, serves, own_initiative, deduplicate, team,
                            week, own_die)
    shared = _share(rows, needs, who, cell, member, sharing, revealed, known_served, worker,
                    shared_reports, week, share_die)
    for i in range(len(rows)):
        cell[rows[i], needs[i]] = 0
    counters[at[OBSERVATIONS]] += len(rows)
    counters[at[OWN_INITIATIVE_SERVICES]] += len(start)
    counters[at[SHARED_REPORTS]] += shared
    started = np.empty(len(start), ROW)
    for k in range(len(start)):
        i, new = start[k], started[k]
        new.family, new.need, new.institution, new.origin = rows[i], needs[i], who[i], OWN
        new.stage, new.created, new.ready, new.queued = QUEUED, week, week, week
        new.started, new.misdirected = -1, False
    return started


@njit(cache=True)
def _own_initiative(rows, needs, who, cell, serves, own_initiative, deduplicate, team, week,
                    die):
    """An institution that serves a need it saw starts serving it with probability
    ``own_initiative``, unless one already does on its own (or a ZZK plan that deduplicates
    has anyone on it); one start per cell even if two institutions saw it. Marks the starts
    in ``cell``."""
    start = np.empty(len(rows), np.int64)
    k = 0
    for i in range(len(rows)):
        r, j = rows[i], needs[i]
        if (not serves[who[i], j] or cell[r, j] & (OWN_ROW | STARTED)
                or (deduplicate and team[r] and cell[r, j] & ANY_ROW)):
            continue
        if cast(die, week, r, j) < own_initiative:
            cell[r, j] |= STARTED
            start[k] = i
            k += 1
    start = start[:k]
    return start[np.argsort(rows[start] * cell.shape[1] + needs[start])]


@njit(cache=True)
def _share(rows, needs, who, cell, member, sharing, revealed, known_served, worker,
           shared_reports, week, die):
    """A PZK member tells the family's worker what it saw with probability ``sharing``: the
    need is revealed, and known to be served if an institution serves it on its own (this
    week's starts included). Returns how many were shared."""
    shared = 0
    for i in range(len(rows)):
        r, j = rows[i], needs[i]
        if member[who[i]] and cast(die, week, r, j) < sharing:
            revealed[r, j] = True
            known_served[r, j] |= (cell[r, j] & (OWN_ROW | STARTED)) != 0
            shared_reports[worker[r]] += 1
            shared += 1
    return shared


NEED_MASK = (1 << SLOT_BITS) - 1  # a listed cell's need (its low bits)


@njit(cache=True)
def _noticed(severity, status, rate, threshold, week, observe, cells, dice):
    """Problem needs of active families some sector notices this week (with probability rate ×
    severity), in row order; and for each, u / (rate × severity), uniform again, to pick which
    institution saw it. Three passes, so that no branch hangs on a scattered value and the
    hashing vectorises: the problem needs are listed in ``cells`` (as row << SLOT_BITS | need;
    each cell is written and kept only if it is a problem), their dice are cast into ``dice``,
    then the noticed ones are kept."""
    n, d = severity.shape
    found = 0
    for r in range(n):
        if status[r] != ACTIVE:
            continue
        for j in range(d):
            cells[found] = (r << SLOT_BITS) | j
            found += severity[r, j] > threshold
    for i in range(found):
        dice[i] = cast(observe, week, cells[i] >> SLOT_BITS, cells[i] & NEED_MASK)
    k = 0
    for i in range(found):
        r, j = cells[i] >> SLOT_BITS, cells[i] & NEED_MASK
        p = rate[j] * severity[r, j]
        if dice[i] < p:  # few are noticed: the branch is seldom taken
            cells[k], dice[k] = cells[i], dice[i] / p
            k += 1
    return cells[:k] >> SLOT_BITS, cells[:k] & NEED_MASK, dice[:k].copy()
