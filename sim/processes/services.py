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

from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.client_work import ClientWork
from sim.domain import NEEDS, SECTORS
from sim.ordering import rank_within
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import OPS, QUEUED, SERVING, TRANSIT
from sim.rng import Streams, cast
from sim.state import State


class Services(Process):
    streams = ("queue_order", "dropout", "basket_take_over")
    counters = ("referrals_misdirected", "services_started", "wait_weeks_sum", "queue_length",
                "duplicate_service_weeks", "cost_services", "service_weeks", "referrals_dropped",
                "referrals_completed", "referrals_ended", "basket_take_overs",
                *(f"unmet_{n}" for n in NEEDS), *(f"cost_services_{n}" for n in NEEDS),
                *(f"service_weeks_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams, client_work: ClientWork,
                 basket: Basket | None = None):
        super().__init__(rng)
        self.cfg = cfg.behaviour
        self.price = np.array([cfg.costs.service_week[s] for s in SECTORS])
        self.client_work = client_work
        self.basket = basket

    def __call__(self, state: State, conditions: Conditions) -> np.ndarray:
        """Serve one week; returns the referrals still queued per need (unmet demand)."""
        self.handle_arrivals(state)
        unmet = self.admit(state, conditions)
        self.treat(state)
        self.end_episodes(state)
        return unmet

    def handle_arrivals(self, state: State) -> None:
        """Referrals whose handling is done join the queue; misdirected ones bounce back."""
        book, fam, week = state.referrals, state.families, state.now
        arrived = (book["stage"] == TRANSIT) & (book["ready"] <= week)
        bounced = arrived & book["misdirected"]
        np.subtract.at(fam.engagement, book["family"][bounced],
                       self.cfg.families.misdirection_trust_loss)
        np.clip(fam.engagement, 0.0, 1.0, out=fam.engagement)
        state.counters.add("referrals_misdirected", int(bounced.sum()))
        book.close(bounced, "misdirected", week)
        arrived = (book["stage"] == TRANSIT) & (book["ready"] <= week)
        book["stage"][arrived] = QUEUED
        book["queued"][arrived] = week

    def admit(self, state: State, conditions: Conditions) -> np.ndarray:
        """First come, first served within each institution's free slots; then, with a basket,
        members with places left take over referrals still queued at full members. Returns the
        rows still queued per need."""
        book, week = state.referrals, state.now
        inst = book["institution"]
        free = state.institutions.free_slots(inst, book["stage"], conditions.capacity)
        queued = np.flatnonzero(book["stage"] == QUEUED)
        tie = self.dice("queue_order")(week, book["family"][queued], book["need"][queued])
        order, rank = rank_within(inst[queued], book["queued"][queued] + tie)
        rows = queued[order]
        admitted = rank < free[inst[rows]]
        start = rows[admitted]
        waiting = rows[~admitted]
        if self.basket is not None:
            waiting = waiting[np.lexsort((tie[order][~admitted], book["queued"][waiting]))]
            left = free - np.bincount(inst[start], minlength=len(free))
            referred = book["origin"][waiting] == OPS
            f, nd = book["family"][waiting], book["need"][waiting]
            taker = np.full(len(waiting), -1, np.int64)
            taker[referred] = self.basket.take_over(
                nd[referred], inst[waiting][referred], left,
                self.dice("basket_take_over")(week, f[referred], nd[referred]))
            moved = taker >= 0
            inst[waiting[moved]] = taker[moved]
            start = np.concatenate([start, waiting[moved]])
            waiting = waiting[~moved]
            state.counters.add("basket_take_overs", int(moved.sum()))
        book["stage"][start] = SERVING
        book["started"][start] = week
        state.counters.add("services_started", len(start))
        state.counters.add("wait_weeks_sum", int((week - book["created"][start]).sum()))
        state.counters.set("queue_length", len(waiting))
        unmet = np.bincount(book["need"][waiting], minlength=len(NEEDS))
        for d, name in enumerate(NEEDS):
            state.counters.set(f"unmet_{name}", int(unmet[d]))
        return unmet

    def treat(self, state: State) -> None:
        book, fam, inst = state.referrals, state.families, state.institutions
        serving = np.flatnonzero(book["stage"] == SERVING)
        f, nd, i = book["family"][serving], book["need"][serving], book["institution"][serving]
        floor = self.cfg.services.engagement_effect_floor
        effect = inst.effect[i, nd] * (floor + (1 - floor) * fam.engagement[f])
        state.counters.add("duplicate_service_weeks",
                           _relieve(fam.view("severity"), f, nd, effect))
        price = self.price[inst.sector[i]]
        state.counters.add("cost_services", float(price.sum()))
        state.counters.add("service_weeks", len(serving))
        cost = np.bincount(nd, weights=price, minlength=len(NEEDS))
        weeks = np.bincount(nd, minlength=len(NEEDS))
        for d, name in enumerate(NEEDS):
            state.counters.add(f"cost_services_{name}", float(cost[d]))
            state.counters.add(f"service_weeks_{name}", int(weeks[d]))

    def end_episodes(self, state: State) -> None:
        """Dropouts, needs brought low (case closed for that need, with the referrals still
        waiting for it), episodes at their maximum."""
        book, fam, cfg, week = state.referrals, state.families, self.cfg, state.now
        ending = _episode_endings(
            book["stage"], book["family"], book["need"], book["started"], fam.engagement,
            fam.severity, fam.revealed, fam.known_served, self.dice("dropout").key,
            cfg.services.dropout, self.client_work.dropout_factor,
            cfg.families.independence_threshold, week, cfg.services.max_service_weeks)
        for code, outcome in enumerate(ENDINGS, start=1):
            if outcome in COUNTED:
                state.counters.add(f"referrals_{outcome}", int((ending == code).sum()))
        book.close_each(ending, ENDINGS, week)


ENDINGS = ("dropped", "completed", "closed", "ended")  # how episodes end, in the order decided
COUNTED = ("dropped", "completed", "ended")  # 'closed' are referrals that never started


@njit(cache=True)
def _relieve(severity, family, need, effect):
    """Each served need falls by its best service's effect this week (two services of one need
    help no more than the better one); returns how many service weeks were such duplicates."""
    best = np.full(severity.shape, -1.0)  # -1: not served this week
    duplicates = 0
    for k in range(len(family)):
        r, c = family[k], need[k]
        if best[r, c] < 0.0:
            best[r, c] = max(0.0, effect[k])
        else:
            duplicates += 1
            best[r, c] = max(best[r, c], effect[k])
    for k in range(len(family)):
        r, c = family[k], need[k]
        if best[r, c] >= 0.0:
            severity[r, c] = max(severity[r, c] - best[r, c], 0.0)
            best[r, c] = -1.0
    return duplicates


@njit(cache=True)
def _episode_endings(stage, family, need, started, engagement, severity, revealed, known_served,
                     dropout_die, dropout, dropout_factor, independence, week, max_weeks):
    """Per open referral, 0 if it goes on, else 1 + its index in ENDINGS: a family in service
    drops out (the less it trusts, the likelier), its need falls below the independence
    threshold (completed; the referrals still waiting for that need close) or the episode
    reaches its maximum. The worker's picture of the family follows."""
    ending = np.zeros(len(stage), np.int8)
    done = np.zeros(severity.shape, np.bool_)  # cells of completed episodes
    for b in range(len(stage)):
        if stage[b] != SERVING:
            continue
        f, d = family[b], need[b]
        if cast(dropout_die, week, f, d) < dropout * (1.0 - engagement[f]) * dropout_factor:
            ending[b] = 1
            known_served[f, d] = False
        elif severity[f, d] < independence:
            ending[b] = 2
            revealed[f, d] = False
            known_served[f, d] = False
            done[f, d] = True
        elif week - started[b] >= max_weeks:
            ending[b] = 4
            known_served[f, d] = False
    for b in range(len(stage)):
        if stage[b] != SERVING and done[family[b], need[b]]:
            ending[b] = 3
    return ending
