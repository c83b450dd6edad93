"""Institutions handle referrals, admit from their queues within capacity, and serve.

A need under service improves at the service's effect scaled by the family's engagement; two
institutions serving one need help no more than the better one (the second is a wasted,
duplicate service week). Low trust makes families drop out (less so under a social contract).
A need brought below the independence threshold closes that part of the case.
"""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.cooperation.client_work import ClientWork
from sim.domain import NEEDS, SECTORS
from sim.ordering import rank_within
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import QUEUED, SERVING, TRANSIT
from sim.rng import Streams
from sim.state import State


class Services(Process):
    streams = ("queue_order", "dropout")
    counters = ("referrals_misdirected", "services_started", "wait_weeks_sum", "queue_length",
                "duplicate_service_weeks", "cost_services", "service_weeks", "referrals_dropped",
                "referrals_completed", "referrals_ended")

    def __init__(self, cfg: SimConfig, rng: Streams, client_work: ClientWork):
        super().__init__(rng)
        self.cfg = cfg.behaviour
        self.price = np.array([cfg.costs.service_week[s] for s in SECTORS])
        self.client_work = client_work

    def __call__(self, state: State, conditions: Conditions) -> None:
        n, d = state.families.n, len(NEEDS)
        u_order = self.uniform("queue_order", (n, d))
        u_drop = self.uniform("dropout", (n, d))
        self.handle_arrivals(state)
        self.admit(state, u_order, conditions)
        self.treat(state)
        self.end_episodes(state, u_drop)

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

    def admit(self, state: State, u_order: np.ndarray, conditions: Conditions) -> None:
        """First come, first served within each institution's free slots."""
        book, week = state.referrals, state.now
        free = state.institutions.free_slots(book["institution"], book["stage"],
                                             conditions.capacity)
        queued = np.flatnonzero(book["stage"] == QUEUED)
        tie = u_order[book["family"][queued], book["need"][queued]]
        order, rank = rank_within(book["institution"][queued], book["queued"][queued] + tie)
        rows = queued[order]
        start = rows[rank < free[book["institution"][rows]]]
        book["stage"][start] = SERVING
        book["started"][start] = week
        state.counters.add("services_started", len(start))
        state.counters.add("wait_weeks_sum", int((week - book["created"][start]).sum()))
        state.counters.set("queue_length", len(queued) - len(start))

    def treat(self, state: State) -> None:
        book, fam, inst = state.referrals, state.families, state.institutions
        serving = np.flatnonzero(book["stage"] == SERVING)
        f, nd, i = book["family"][serving], book["need"][serving], book["institution"][serving]
        floor = self.cfg.services.engagement_effect_floor
        effect = inst.effect[i, nd] * (floor + (1 - floor) * fam.engagement[f])
        best = np.zeros((fam.n, len(NEEDS)))
        np.maximum.at(best, (f, nd), effect)
        fam.view("severity")[:] = np.maximum(fam.view("severity") - best, 0.0)
        cells = f * len(NEEDS) + nd
        state.counters.add("duplicate_service_weeks", len(cells) - len(np.unique(cells)))
        state.counters.add("cost_services", float(self.price[inst.sector[i]].sum()))
        state.counters.add("service_weeks", len(serving))

    def end_episodes(self, state: State, u_drop: np.ndarray) -> None:
        """Dropouts, needs brought low (case closed for that need), episodes at their maximum."""
        book, fam, cfg, week = state.referrals, state.families, self.cfg, state.now
        serving = book["stage"] == SERVING
        f, nd = book["family"], book["need"]
        p_drop = cfg.services.dropout * (1.0 - fam.engagement[f]) * self.client_work.dropout_factor
        dropped = serving & (u_drop[f, nd] < p_drop)
        state.counters.add("referrals_dropped", int(dropped.sum()))
        fam.known_served[f[dropped], nd[dropped]] = False  # the worker's picture goes stale
        book.close(dropped, "dropped", week)
        f, nd = book["family"], book["need"]
        serving = book["stage"] == SERVING
        resolved = serving & (fam.severity[f, nd] < cfg.families.independence_threshold)
        fam.revealed[f[resolved], nd[resolved]] = False
        fam.known_served[f[resolved], nd[resolved]] = False
        state.counters.add("referrals_completed", int(resolved.sum()))
        done_cells = book.cell_mask(fam.n, resolved)
        book.close(resolved, "completed", week)
        f, nd = book["family"], book["need"]
        book.close((book["stage"] != SERVING) & done_cells[f, nd], "closed", week)
        f, nd = book["family"], book["need"]
        expired = ((book["stage"] == SERVING)
                   & (week - book["started"] >= cfg.services.max_service_weeks))
        state.counters.add("referrals_ended", int(expired.sum()))
        fam.known_served[f[expired], nd[expired]] = False
        book.close(expired, "ended", week)
