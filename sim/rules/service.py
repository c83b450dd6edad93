"""Institutions handle referrals, admit from their queues within capacity, and serve.

A need under service improves at the service's effect scaled by the family's engagement; two
institutions serving one need help no more than the better one (the second is a wasted,
duplicate service week). Low trust makes families drop out (less so under a social contract).
A need brought below the independence threshold closes that part of the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.domain import NEEDS, SECTORS
from sim.ordering import rank_within
from sim.referrals import QUEUED, SERVING, TRANSIT

if TYPE_CHECKING:
    from sim.model import KooperacjeModel


def serve_week(model: KooperacjeModel) -> None:
    n, d = model.families.n, len(NEEDS)
    u_order = model.streams.uniform("queue_order", (n, d))
    u_drop = model.streams.uniform("dropout", (n, d))
    handle_arrivals(model)
    admit(model, u_order)
    treat(model)
    end_episodes(model, u_drop)


def handle_arrivals(model: KooperacjeModel) -> None:
    """Referrals whose handling is done join the queue; misdirected ones bounce back."""
    book, fam, week = model.referrals, model.families, model.week
    arrived = (book["stage"] == TRANSIT) & (book["ready"] <= week)
    bounced = arrived & book["misdirected"]
    loss = model.cfg.behaviour.families.misdirection_trust_loss
    np.subtract.at(fam.engagement, book["family"][bounced], loss)
    np.clip(fam.engagement, 0.0, 1.0, out=fam.engagement)
    model.tally["referrals_misdirected"] += int(bounced.sum())
    book.close(bounced, "misdirected", week)
    arrived = (book["stage"] == TRANSIT) & (book["ready"] <= week)
    book["stage"][arrived] = QUEUED
    book["queued"][arrived] = week


def admit(model: KooperacjeModel, u_order: np.ndarray) -> None:
    """First come, first served within each institution's free slots."""
    book, week = model.referrals, model.week
    free = model.institutions.free_slots(book["institution"], book["stage"],
                                         model.conditions.capacity)
    queued = np.flatnonzero(book["stage"] == QUEUED)
    tie = u_order[book["family"][queued], book["need"][queued]]
    order, rank = rank_within(book["institution"][queued], book["queued"][queued] + tie)
    rows = queued[order]
    start = rows[rank < free[book["institution"][rows]]]
    book["stage"][start] = SERVING
    book["started"][start] = week
    model.tally["services_started"] += len(start)
    model.tally["wait_weeks_sum"] += int((week - book["created"][start]).sum())
    model.tally["queue_length"] = len(queued) - len(start)


def treat(model: KooperacjeModel) -> None:
    book, fam, inst, cfg = model.referrals, model.families, model.institutions, model.cfg
    serving = np.flatnonzero(book["stage"] == SERVING)
    f, nd, i = book["family"][serving], book["need"][serving], book["institution"][serving]
    floor = cfg.behaviour.services.engagement_effect_floor
    effect = inst.effect[i, nd] * (floor + (1 - floor) * fam.engagement[f])
    best = np.zeros((fam.n, len(NEEDS)))
    np.maximum.at(best, (f, nd), effect)
    fam.view("severity")[:] = np.maximum(fam.view("severity") - best, 0.0)
    cells = f * len(NEEDS) + nd
    model.tally["duplicate_service_weeks"] += len(cells) - len(np.unique(cells))
    price = np.array([cfg.costs.service_week[s] for s in SECTORS])
    model.tally["cost_services"] += float(price[inst.sector[i]].sum())
    model.tally["service_weeks"] += len(serving)


def end_episodes(model: KooperacjeModel, u_drop: np.ndarray) -> None:
    """Dropouts, needs brought low (case closed for that need), episodes at their maximum."""
    book, fam, cfg, week = model.referrals, model.families, model.cfg.behaviour, model.week
    serving = book["stage"] == SERVING
    f, nd = book["family"], book["need"]
    p_drop = cfg.services.dropout * (1.0 - fam.engagement[f]) * model.client_work.dropout_factor
    dropped = serving & (u_drop[f, nd] < p_drop)
    model.tally["referrals_dropped"] += int(dropped.sum())
    fam.known_served[f[dropped], nd[dropped]] = False  # the worker's picture goes stale
    book.close(dropped, "dropped", week)
    f, nd = book["family"], book["need"]
    serving = book["stage"] == SERVING
    resolved = serving & (fam.severity[f, nd] < cfg.families.independence_threshold)
    fam.revealed[f[resolved], nd[resolved]] = False
    fam.known_served[f[resolved], nd[resolved]] = False
    model.tally["referrals_completed"] += int(resolved.sum())
    done_cells = book.cell_mask(fam.n, resolved)
    book.close(resolved, "completed", week)
    f, nd = book["family"], book["need"]
    book.close((book["stage"] != SERVING) & done_cells[f, nd], "closed", week)
    f, nd = book["family"], book["need"]
    expired = (book["stage"] == SERVING) & (week - book["started"] >= cfg.services.max_service_weeks)
    model.tally["referrals_ended"] += int(expired.sum())
    fam.known_served[f[expired], nd[expired]] = False
    book.close(expired, "ended", week)
