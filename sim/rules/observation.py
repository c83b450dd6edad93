"""Institutions see families' problems in their own work; what reaches the worker depends on D1.

A school sees parenting and education problems, the police violence, a hospital health and
addiction. Each week a problem need of an active family is noticed by some sector with a
probability that grows with its severity. Siloed, the institution keeps what it saw (and may serve
the need on its own, unknown to the OPS); a PZK member passes it to the family's social worker
with probability ``information_sharing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.domain import NEEDS
from sim.population import ACTIVE
from sim.referrals import OWN, QUEUED

if TYPE_CHECKING:
    from sim.model import KooperacjeModel


def observe(model: KooperacjeModel) -> None:
    fam, inst = model.families, model.institutions
    n, d = fam.n, len(NEEDS)
    u_see = model.streams.uniform("observe", (n, d))
    u_share = model.streams.uniform("share", (n, d))
    u_own = model.streams.uniform("own_initiative", (n, d))
    if len(inst) == 0:
        model.pending_observations.clear()
        return
    sev = fam.view("severity")
    problem = (sev > model.cfg.behaviour.needs.problem_threshold) & (
        fam.view("status") == ACTIVE)[:, None]
    rate = inst.observation_rate
    seen = problem & (u_see < rate * sev)
    rows, needs = np.nonzero(seen)
    # which institution saw it: u / rate is uniform again, reuse it to pick one
    who = inst.who_saw(needs, u_see[rows, needs] / (rate[needs] * sev[rows, needs]))
    for p_rows, p_needs, p_inst in model.pending_observations:
        rows, needs, who = (np.r_[rows, p_rows], np.r_[needs, p_needs], np.r_[who, p_inst])
    model.pending_observations.clear()
    model.tally["observations"] += len(rows)
    if len(rows) == 0:
        return
    _own_initiative(model, rows, needs, who, u_own[rows, needs])
    shared = model.partnership.shares(who, u_share[rows, needs])
    s_rows, s_needs = rows[shared], needs[shared]
    fam.revealed[s_rows, s_needs] = True
    book = model.referrals
    served_by_own = book.cell_mask(n, book["origin"] == OWN)
    fam.known_served[s_rows, s_needs] |= served_by_own[s_rows, s_needs]
    model.shared_reports = np.bincount(fam.worker[s_rows], minlength=len(model.workforce))
    model.tally["shared_reports"] += len(s_rows)


def _own_initiative(model, rows, needs, who, u) -> None:
    """An institution starts serving a need it saw, unless it already does (or a ZZK plan has
    someone on it)."""
    fam, inst, book = model.families, model.institutions, model.referrals
    n = fam.n
    already = book.cell_mask(n, book["origin"] == OWN)
    start = inst.serves[who, needs] & (u < model.cfg.behaviour.services.own_initiative)
    start &= ~already[rows, needs]
    if model.teams.deduplicates():
        anyone = book.cell_mask(n)
        start &= ~(fam.team[rows] & anyone[rows, needs])
    # one start per cell even if two institutions saw it this week
    cells = rows[start] * len(NEEDS) + needs[start]
    _, first = np.unique(cells, return_index=True)
    pick = np.flatnonzero(start)[first]
    week = model.week
    book.add(family=rows[pick], need=needs[pick], institution=who[pick], origin=OWN,
             stage=QUEUED, created=week, ready=week, queued=week, started=-1, misdirected=False)
    model.tally["own_initiative_services"] += len(pick)
