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
from sim.ordering import column_sums, order_by, rank_within
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import OPS, QUEUED, ROW, SERVING, TRANSIT, sift
from sim.rng import Streams, cast
from sim.state import State


class Services(Process):
    streams = ("queue_order", "dropout", "basket_take_over")
    counters = ("referrals_misdirected", "services_started", "wait_weeks_sum", "queue_length",
                "duplicate_service_weeks", "cost_services", "service_weeks", "referrals_dropped",
                "referrals_completed", "referrals_ended", "basket_take_overs",
                *(f"unmet_{n}" for n in NEEDS), *(f"cost_services_{n}" for n in NEEDS),
                *(f"service_weeks_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, rng: Streams, client_work: ClientWork, basket: Basket):
        super().__init__(rng)
        b = cfg.behaviour
        self.price = np.array([cfg.costs.service_week[s] for s in SECTORS])
        self.basket = basket
        rules = np.empty(6)
        rules[TRUST_LOSS] = b.families.misdirection_trust_loss
        rules[EFFECT_FLOOR] = b.services.engagement_effect_floor
        rules[DROPOUT] = b.services.dropout
        rules[DROPOUT_FACTOR] = client_work.dropout_factor
        rules[INDEPENDENCE] = b.families.independence_threshold
        rules[MAX_WEEKS] = b.services.max_service_weeks
        self.rules = rules

    def __call__(self, state: State, conditions: Conditions) -> np.ndarray:
        """Serve one week (see :func:`_serve`); returns the referrals still queued per need
        (unmet demand)."""
        fam, inst, book, basket = state.families, state.institutions, state.referrals, self.basket
        closed, per_ending, unmet = _serve(
            book.rows, fam.engagement, fam.severity, fam.revealed, fam.known_served,
            inst.capacity, conditions.capacity, inst.effect, inst.sector, self.price,
            basket.take_over_chance(), basket.member, basket.givers,
            self.rules, state.now, self.dice, state.counters.values, self.positions(state.counters))
        book.sifted(closed, per_ending, ENDINGS, state.now)
        return unmet


# how referrals close, in the order decided: bounced at arrival, then the episodes' endings
ENDINGS = ("misdirected", "dropped", "completed", "closed", "ended")
BOUNCED, DROPPED, COMPLETED, CLOSED, ENDED = range(1, len(ENDINGS) + 1)  # codes of ENDINGS
# positions in Services.rules, Services.dice and Process.positions
TRUST_LOSS, EFFECT_FLOOR, DROPOUT, DROPOUT_FACTOR, INDEPENDENCE, MAX_WEEKS = range(6)
QUEUE_ORDER, DROPOUT_DIE, TAKE_OVER = range(3)
(MISDIRECTED_COUNT, STARTED_COUNT, WAIT_COUNT, QUEUE_COUNT, DUPLICATE_COUNT, COST_COUNT,
 WEEKS_COUNT, DROPPED_COUNT, COMPLETED_COUNT, ENDED_COUNT, TAKE_OVER_COUNT) = range(11)
UNMET_COUNTS, COST_COUNTS, WEEKS_COUNTS = (11 + k * len(NEEDS) for k in range(3))


@njit(cache=True)
def _serve(rows, engagement, severity, revealed, known_served, capacity,
           capacity_factor, effect, sector, price, chance, member, givers, rules,
           week, dice, counters, slots):
    """The institutions' week, counted: referrals arrive (:func:`_arrive`), are admitted
    (:func:`_admit`), served needs fall and episodes end (:func:`_treat_and_end`); the
    referrals that ended are sifted out of the book. Returns them (see
    :func:`~sim.referrals.sift`), how many each ending in ENDINGS closed, and the referrals
    still queued per need."""
    ending, queued, serving = _arrive(rows, engagement, rules[TRUST_LOSS], week, len(capacity))
    needs = severity.shape[1]
    free = free_slots(capacity, capacity_factor, serving)
    started, wait_weeks, taken_over, unmet = _admit(
        rows, queued, free, dice[QUEUE_ORDER], week, chance, dice[TAKE_OVER], member, givers,
        needs)
    duplicates, paid, cost, weeks = _treat_and_end(
        rows, ending, effect, sector, price, rules[EFFECT_FLOOR], engagement, severity,
        revealed, known_served, dice[DROPOUT_DIE], rules[DROPOUT], rules[DROPOUT_FACTOR],
        rules[INDEPENDENCE], week, rules[MAX_WEEKS])
    closed = np.empty(np.count_nonzero(ending), ROW)
    per_ending = sift(rows, ending, len(ENDINGS), closed)  # per_ending[k - 1]: code k's count
    at = slots
    counters[at[MISDIRECTED_COUNT]] += per_ending[BOUNCED - 1]
    counters[at[TAKE_OVER_COUNT]] += taken_over
    counters[at[STARTED_COUNT]] += started
    counters[at[WAIT_COUNT]] += wait_weeks
    counters[at[QUEUE_COUNT]] = unmet.sum()
    counters[at[DUPLICATE_COUNT]] += duplicates
    # numpy's pairwise sum of the week's prices, as always
    counters[at[COST_COUNT]] += column_sums(paid)[0]
    counters[at[WEEKS_COUNT]] += len(paid)
    for d in range(needs):
        counters[at[UNMET_COUNTS + d]] = unmet[d]
        counters[at[COST_COUNTS + d]] += cost[d]
        counters[at[WEEKS_COUNTS + d]] += weeks[d]
    counters[at[DROPPED_COUNT]] += per_ending[DROPPED - 1]
    counters[at[COMPLETED_COUNT]] += per_ending[COMPLETED - 1]
    counters[at[ENDED_COUNT]] += per_ending[ENDED - 1]
    return closed, per_ending, unmet


@njit(cache=True)
def _arrive(rows, engagement, trust_loss, week, institutions):
    """Referrals in transit whose handling is done arrive: a misdirected one bounces back and
    costs the family trust (returned as each row's ending: ``BOUNCED`` or 0); the others join
    the queue. Also returns the rows queued (in book order) and the services running per
    institution."""
    ending = np.zeros(len(rows), np.int8)
    queued = np.empty(len(rows), np.int64)
    serving = np.zeros(institutions, np.int64)
    n_queued = 0
    for b in range(len(rows)):
        r = rows[b]
        if r.stage == SERVING:
            serving[r.institution] += 1
            continue
        if r.stage == TRANSIT and r.ready <= week:
            if r.misdirected:
                ending[b] = BOUNCED
                engagement[r.family] = min(max(engagement[r.family] - trust_loss, 0.0), 1.0)
                continue
            r.stage = QUEUED
            r.queued = week
        if r.stage == QUEUED:
            queued[n_queued] = b
            n_queued += 1
    return ending, queued[:n_queued], serving


@njit(cache=True)
def _admit(rows, queued, free, queue_die, week, chance, take_over_die, member, givers,
           needs):
    """Each institution starts the referrals queued at it (the rows ``queued``) in
    order of arrival (ties by the die) while it has free slots (``free``, taken); then, with
    probability ``chance`` each, members with places left take over social workers' referrals
    still queued at full members (by need, each need in order of arrival, see
    :func:`take_over`). Returns the services started, their weeks of waiting, how many of them
    were taken over, and the referrals still queued per need."""
    inst = rows.institution
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
        waiting = waiting[_by_need_and_arrival(rows.need[queued[waiting]],
                                               rows.queued[queued[waiting]], tie[waiting])]
        passed = np.zeros(needs, np.int64)  # see take_over
        for k in waiting:
            r = rows[queued[k]]
            if r.origin != OPS:
                continue
            u = cast(take_over_die, week, r.family, r.need)
            taker = take_over(r.need, r.institution, u, chance, member, givers, passed, free)
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
def _by_need_and_arrival(need, queued, tie):
    """By need, each need's referrals in order of arrival: by the week queued, ties by the die
    (equal triples keep their order)."""
    if len(need) == 0:
        return np.empty(0, np.int64)
    first = queued.min()
    weeks = queued.max() - first + 1
    return order_by(need.astype(np.int64) * weeks + (queued - first), tie)


@njit(cache=True, inline="always")
def _relief(effect, floor, engagement):
    """A service's relief of its need this week: its effect scaled by the family's
    engagement (never below ``floor`` of it), not negative."""
    return max(0.0, effect * (floor + (1 - floor) * engagement))


@njit(cache=True)
def _treat_and_end(rows, ending, effect, sector, price, floor, engagement, severity, revealed,
                   known_served, dropout_die, dropout, dropout_factor, independence, week,
                   max_weeks):
    """Each served need falls by the best relief of its services: two services of one need
    help no more than the better one (the others are duplicate service weeks). Then each
    service may end (its code in ENDINGS): the family drops out (the less it trusts, the
    likelier), its need falls below the independence threshold (completed; the family's
    referrals still waiting for that need close) or the episode reaches its maximum. The
    worker's picture of the family follows. A need's services share its die and its severity,
    so the first decides for all; a family's rows are together in the book, so its other
    services of the need are found ahead. Returns the duplicate service weeks, each service
    week's price (in row order) and the cost and service weeks per need."""
    needs = severity.shape[1]
    paid = np.empty(len(rows))
    cost = np.zeros(needs)
    weeks = np.zeros(needs, np.int64)
    served = duplicates = 0
    decided = np.full(needs, -1)  # per need, the first row of the family last deciding it
    outcome = np.zeros(needs, np.int8)  # per need, its decision: DROPPED, COMPLETED or 0
    first = 0  # the family's first row
    for b in range(len(rows)):
        r = rows[b]
        f, d = r.family, r.need
        if b > 0 and rows[b - 1].family != f:
            first = b
        if r.stage != SERVING:
            continue
        paid[served] = price[sector[r.institution]]
        cost[d] += paid[served]
        weeks[d] += 1
        served += 1
        if decided[d] != first:
            decided[d] = first
            relief, others = _best_relief(rows, b, effect, floor, engagement[f])
            duplicates += others
            severity[f, d] = max(severity[f, d] - relief, 0.0)
            outcome[d] = 0
            if cast(dropout_die, week, f, d) < dropout * (1.0 - engagement[f]) * dropout_factor:
                outcome[d] = DROPPED
                known_served[f, d] = False
            elif severity[f, d] < independence:
                outcome[d] = COMPLETED
                revealed[f, d] = False
                known_served[f, d] = False
                _close_waiting(rows, ending, first, f, d)
        if outcome[d]:
            ending[b] = outcome[d]
        elif week - r.started >= max_weeks:
            ending[b] = ENDED
            known_served[f, d] = False
    return duplicates, paid[:served], cost, weeks


@njit(cache=True, inline="always")
def _best_relief(rows, b, effect, floor, engagement):
    """The best relief that the services of row ``b``'s need, from ``b`` on, bring its family
    (of this ``engagement``), and how many services after ``b`` serve that need."""
    f, d = rows[b].family, rows[b].need
    relief = _relief(effect[rows[b].institution, d], floor, engagement)
    others = 0
    k = b + 1
    while k < len(rows) and rows[k].family == f:
        if rows[k].stage == SERVING and rows[k].need == d:
            others += 1
            relief = max(relief, _relief(effect[rows[k].institution, d], floor, engagement))
        k += 1
    return relief, others


@njit(cache=True, inline="always")
def _close_waiting(rows, ending, first, f, d):
    """Family ``f``'s referrals (from its row ``first``) still waiting for need ``d`` close:
    in transit or queued and not bounced back."""
    k = first
    while k < len(rows) and rows[k].family == f:
        if rows[k].need == d and rows[k].stage != SERVING and ending[k] == 0:
            ending[k] = CLOSED
        k += 1
