"""Institutions handle referrals, admit from their queues within capacity, and serve.

A need under service improves at the service's effect scaled by the family's engagement; two
institutions serving one need help no more than the better one (the second is a wasted,
duplicate service week). Low trust makes families drop out (less so under a social contract).
A need brought below the independence threshold closes that part of the case. In a PZK with a
local basket of services, a referral still queued at a full member can start at another member
with a free place that serves the need (``cooperation/basket.py``). What is still queued after
admission is this week's unmet demand by need, handed to the basket's review.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.agents.institution import free_slots
from sim.config import SimConfig
from sim.cooperation.basket import Basket, take_over
from sim.cooperation.client_work import ClientWork
from sim.domain import NEEDS, SECTORS
from sim.ordering import rank_within
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import OPS, QUEUED, SERVING, TRANSIT
from sim.rng import Streams, cast
from sim.state import Counters, State


class Services(Process):
    streams = ("queue_order", "dropout", "basket_take_over")
    counters = ("referrals_misdirected", "services_started", "wait_weeks_sum", "queue_length",
                "duplicate_service_weeks", "cost_services", "service_weeks", "referrals_dropped",
                "referrals_completed", "referrals_ended", "basket_take_overs",
                *(f"unmet_{n}" for n in NEEDS), *(f"cost_services_{n}" for n in NEEDS),
                *(f"service_weeks_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams, client_work: ClientWork, basket: Basket):
        super().__init__(rng)
        self.cfg = cfg.behaviour
        self.price = np.array([cfg.costs.service_week[s] for s in SECTORS])
        self.client_work = client_work
        self.basket = basket
        self._slots_of: Counters | None = None  # the counters whose positions are looked up
        self._best = np.full((0, len(NEEDS)), -1.0)  # see _cell_tables
        self._done = np.zeros((0, len(NEEDS)), bool)

    def __call__(self, state: State, conditions: Conditions) -> np.ndarray:
        """Serve one week; returns the referrals still queued per need (unmet demand)."""
        self.handle_arrivals(state)
        unmet = self.admit(state, conditions)
        self.treat(state)
        self.end_episodes(state)
        return unmet

    def handle_arrivals(self, state: State) -> None:
        """Referrals whose handling is done join the queue; misdirected ones bounce back."""
        book, week = state.referrals, state.now
        bounced = _arrive(book.rows, state.families.engagement,
                          self.cfg.families.misdirection_trust_loss, week)
        state.counters.add("referrals_misdirected", book.close(bounced, "misdirected", week))

    def admit(self, state: State, conditions: Conditions) -> np.ndarray:
        """First come, first served within each institution's free slots; then, with a basket,
        members with places left take over referrals still queued at full members. Returns the
        rows still queued per need."""
        basket = self.basket
        started, wait_weeks, taken_over, unmet = _admit(
            state.referrals.rows, state.institutions.capacity, conditions.capacity,
            self.key["queue_order"], state.now, basket.take_over_chance(),
            self.key["basket_take_over"], basket.member, basket.offer, basket.preference,
            len(NEEDS))
        counters = state.counters
        counters.add("basket_take_overs", taken_over)
        counters.add("services_started", started)
        counters.add("wait_weeks_sum", wait_weeks)
        counters.set("queue_length", int(unmet.sum()))
        counters.values[self._slots(counters)["unmet"]] = unmet
        return unmet

    def treat(self, state: State) -> None:
        """Served needs fall (see :func:`_treat`); the service weeks and their cost count."""
        fam, inst, counters = state.families, state.institutions, state.counters
        best, _ = self._cell_tables(fam.severity.shape)
        duplicates, price, cost, weeks = _treat(
            state.referrals.rows, inst.effect, inst.sector, self.price,
            self.cfg.services.engagement_effect_floor, fam.engagement, fam.severity, best)
        counters.add("duplicate_service_weeks", duplicates)
        counters.add("cost_services", float(price.sum()))  # numpy's pairwise sum, as always
        counters.add("service_weeks", len(price))
        slots = self._slots(counters)
        counters.values[slots["cost"]] += cost
        counters.values[slots["weeks"]] += weeks

    def end_episodes(self, state: State) -> None:
        """Dropouts, needs brought low (case closed for that need, with the referrals still
        waiting for it), episodes at their maximum."""
        book, fam, cfg, week = state.referrals, state.families, self.cfg, state.now
        _, done = self._cell_tables(fam.severity.shape)
        ending = _episode_endings(
            book.rows, fam.engagement, fam.severity, fam.revealed, fam.known_served, done,
            self.key["dropout"], cfg.services.dropout, self.client_work.dropout_factor,
            cfg.families.independence_threshold, week, cfg.services.max_service_weeks)
        closed = book.close_each(ending, ENDINGS, week)
        for outcome, k in zip(ENDINGS, closed):
            if outcome in COUNTED:
                state.counters.add(f"referrals_{outcome}", int(k))

    def _cell_tables(self, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Family × need tables of this week's best relief (−1: none) and of completed
        episodes, kept blank between weeks (the kernels blank the cells they mark): a large
        municipality does not allocate and clear them every week."""
        if self._best.shape != shape:
            self._best = np.full(shape, -1.0)
            self._done = np.zeros(shape, bool)
        return self._best, self._done

    def _slots(self, counters: Counters) -> dict[str, np.ndarray]:
        """Positions of the per-need counters in ``counters.values`` (looked up once a run)."""
        if self._slots_of is not counters:
            self._slots_of = counters
            self._per_need = {kind: np.array([counters.index(f"{prefix}_{n}") for n in NEEDS])
                              for kind, prefix in (("unmet", "unmet"), ("cost", "cost_services"),
                                                   ("weeks", "service_weeks"))}
        return self._per_need


ENDINGS = ("dropped", "completed", "closed", "ended")  # how episodes end, in the order decided
COUNTED = ("dropped", "completed", "ended")  # 'closed' are referrals that never started


@njit(cache=True)
def _arrive(rows, engagement, trust_loss, week):
    """Referrals in transit whose handling is done arrive: a misdirected one bounces back and
    costs the family trust (returned as a mask, to be closed); the others join the queue."""
    bounced = np.zeros(len(rows), np.bool_)
    for b in range(len(rows)):
        r = rows[b]
        if r.stage != TRANSIT or r.ready > week:
            continue
        if r.misdirected:
            bounced[b] = True
            engagement[r.family] -= trust_loss
        else:
            r.stage = QUEUED
            r.queued = week
    for b in range(len(rows)):
        if bounced[b]:
            f = rows[b].family
            engagement[f] = min(max(engagement[f], 0.0), 1.0)
    return bounced


@njit(cache=True)
def _admit(rows, capacity, capacity_factor, queue_die, week, chance, take_over_die, member,
           offer, preference, needs):
    """Each institution starts the referrals queued at it in order of arrival (ties by the
    die) while it has free slots; then, with probability ``chance`` each, members with places
    left take over social workers' referrals still queued at full members (by need, each need
    in order of arrival, see :func:`take_over`). Returns the services started, their weeks of
    waiting, how many of them were taken over, and the referrals still queued per need."""
    inst = rows.institution
    free = free_slots(capacity, capacity_factor, inst, rows.stage)
    queued = np.flatnonzero(rows.stage == QUEUED)
    tie = np.empty(len(queued))
    for k in range(len(queued)):
        r = rows[queued[k]]
        tie[k] = cast(queue_die, week, r.family, r.need)
    order, _ = rank_within(inst[queued], rows.queued[queued] + tie)
    started = wait_weeks = taken_over = 0
    waiting = np.empty(len(queued), np.int64)  # positions in queued
    n_waiting = 0
    for j in range(len(order)):
        r = rows[queued[order[j]]]
        if free[r.institution] > 0:
            free[r.institution] -= 1
            r.stage, r.started = SERVING, week
            started += 1
            wait_weeks += week - r.created
        else:
            waiting[n_waiting] = order[j]
            n_waiting += 1
    waiting = waiting[:n_waiting]
    if chance > 0.0:
        waiting = waiting[_by_arrival(rows.queued[queued[waiting]], tie[waiting])]
        for d in range(needs):
            for k in waiting:
                r = rows[queued[k]]
                if r.need != d or r.origin != OPS:
                    continue
                u = cast(take_over_die, week, r.family, d)
                taker = take_over(d, r.institution, u, chance, member, offer, preference, free)
                if taker >= 0:
                    r.institution, r.stage, r.started = taker, SERVING, week
                    started += 1
                    wait_weeks += week - r.created
                    taken_over += 1
    unmet = np.zeros(needs, np.int64)
    for k in waiting:
        r = rows[queued[k]]
        if r.stage == QUEUED:
            unmet[r.need] += 1
    return started, wait_weeks, taken_over, unmet


@njit(cache=True)
def _by_arrival(queued, tie):
    """The order of arrival: by the week queued, ties by the die (equal pairs keep their
    order)."""
    by_tie = np.argsort(tie, kind="mergesort")
    return by_tie[np.argsort(queued[by_tie], kind="mergesort")]


@njit(cache=True)
def _treat(rows, effect, sector, price, floor, engagement, severity, best):
    """Each served need falls by its best service's effect this week, scaled by the family's
    engagement: two services of one need help no more than the better one. ``best`` (family ×
    need, −1: not served this week) is left blank. Returns how many service weeks were such
    duplicates, each service week's price (in row order) and the cost and service weeks per
    need."""
    paid = np.empty(len(rows))
    cost = np.zeros(severity.shape[1])
    weeks = np.zeros(severity.shape[1], np.int64)
    served = duplicates = 0
    for b in range(len(rows)):
        r = rows[b]
        if r.stage != SERVING:
            continue
        f, d, i = r.family, r.need, r.institution
        relief = effect[i, d] * (floor + (1 - floor) * engagement[f])
        if best[f, d] < 0.0:
            best[f, d] = max(0.0, relief)
        else:
            duplicates += 1
            best[f, d] = max(best[f, d], relief)
        paid[served] = price[sector[i]]
        cost[d] += paid[served]
        weeks[d] += 1
        served += 1
    for b in range(len(rows)):
        f, d = rows[b].family, rows[b].need
        if rows[b].stage == SERVING and best[f, d] >= 0.0:
            severity[f, d] = max(severity[f, d] - best[f, d], 0.0)
            best[f, d] = -1.0
    return duplicates, paid[:served], cost, weeks


@njit(cache=True)
def _episode_endings(rows, engagement, severity, revealed, known_served, done, dropout_die,
                     dropout, dropout_factor, independence, week, max_weeks):
    """Per open referral, 0 if it goes on, else 1 + its index in ENDINGS: a family in service
    drops out (the less it trusts, the likelier), its need falls below the independence
    threshold (completed; the referrals still waiting for that need close) or the episode
    reaches its maximum. The worker's picture of the family follows. ``done`` (family × need:
    cells of completed episodes) is left blank."""
    ending = np.zeros(len(rows), np.int8)
    for b in range(len(rows)):
        if rows[b].stage != SERVING:
            continue
        f, d = rows[b].family, rows[b].need
        if cast(dropout_die, week, f, d) < dropout * (1.0 - engagement[f]) * dropout_factor:
            ending[b] = 1
            known_served[f, d] = False
        elif severity[f, d] < independence:
            ending[b] = 2
            revealed[f, d] = False
            known_served[f, d] = False
            done[f, d] = True
        elif week - rows[b].started >= max_weeks:
            ending[b] = 4
            known_served[f, d] = False
    for b in range(len(rows)):
        if rows[b].stage != SERVING and done[rows[b].family, rows[b].need]:
            ending[b] = 3
    for b in range(len(rows)):
        if ending[b] == 2:
            done[rows[b].family, rows[b].need] = False
    return ending
