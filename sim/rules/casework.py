"""A week of social work: split hours, contact families, diagnose, build trust, form teams, refer.

Contact frequency falls as caseload grows (time per family shrinks); diagnosis weakens with
hurry and burnout, trust-building with burnout. Referrals go out one at a time per family (most
severe need first) unless a ZZK's joint plan runs them in parallel. A referral can be refused (trust), go astray
(misdirection, smaller to mature PZK members) and takes weeks to be handled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.domain import NEEDS
from sim.ordering import rank_within
from sim.population import ACTIVE
from sim.referrals import OPS, TRANSIT
from sim.rules import statutory

if TYPE_CHECKING:
    from sim.model import KooperacjeModel


def work_week(model: KooperacjeModel) -> None:
    contacted = contact(model)
    diagnose(model, contacted)
    build_trust(model, contacted)
    form_teams(model, contacted)
    refer(model, contacted)


def contact(model: KooperacjeModel) -> np.ndarray:
    """Rows of families the workers meet this week, within each worker's direct hours."""
    fam, force, streams = model.families, model.workforce, model.streams
    n = fam.n
    u_want, u_keep = streams.uniform("contact", n), streams.uniform("keep_contact", n)
    u_order = streams.uniform("contact_order", n)
    teams, cw = model.teams, model.client_work
    demand = (model.partnership.worker_hours() + teams.worker_hours(force.teams)
              + statutory.worker_hours(fam, len(force), model.cfg.behaviour.statutory)
              + model.shared_reports * model.cfg.scenario.pzk.hours_per_shared_report
              * model.partnership.enabled + cw.supervision_hours)
    plan = force.plan(demand, cw, model.conditions.contact_hours)
    model.plan = plan
    active = np.flatnonzero(fam.view("status") == ACTIVE)
    w = fam.worker[active]
    floor = model.cfg.behaviour.families.keep_contact_floor
    wants = u_want[active] < plan.contact_probability[w]
    keeps = u_keep[active] < floor + (1 - floor) * fam.engagement[active]
    cand = active[wants & keeps]
    order, rank = rank_within(fam.worker[cand], u_order[cand])
    cand = cand[order]
    met = cand[rank < plan.max_contacts[fam.worker[cand]]]
    force.book(plan, np.bincount(fam.worker[met], minlength=len(force)))
    model.tally["contacts"] += len(met)
    return np.sort(met)


def diagnose(model: KooperacjeModel, met: np.ndarray) -> None:
    """Multi-aspect diagnosis: hidden problems come to light at a contact."""
    fam, force, cfg = model.families, model.workforce, model.cfg.behaviour
    u = model.streams.uniform("diagnosis", (fam.n, len(NEEDS)))
    w = fam.worker[met]
    p = (cfg.workers.diagnosis_probability * force.skill[w] * model.plan.time_factor[w]
         * force.quality()[w] * model.client_work.diagnosis * model.conditions.diagnosis)
    hidden = (fam.severity[met] > cfg.needs.problem_threshold) & ~fam.revealed[met]
    found = hidden & (u[met] < np.minimum(p, 1.0)[:, None])
    fam.revealed[met] |= found
    model.tally["needs_diagnosed"] += int(found.sum())


def build_trust(model: KooperacjeModel, met: np.ndarray) -> None:
    """Regular contact builds engagement; a family not met drifts away a little."""
    fam, cfg = model.families, model.cfg.behaviour.families
    q = model.workforce.quality()[fam.worker[met]]
    e = fam.engagement
    gain = cfg.trust_gain * model.client_work.engagement_gain * model.conditions.trust
    e[met] += gain * q * (1.0 - e[met])
    np.clip(e, 0.0, 1.0, out=e)
    unmet = fam.view("status") == ACTIVE
    unmet[met] = False
    e[: fam.n][unmet] *= 1.0 - cfg.trust_decay


def form_teams(model: KooperacjeModel, met: np.ndarray) -> None:
    """D2: a ZZK for a met family whose revealed problems span enough sectors; those problems
    become the goals of its individual plan."""
    teams, fam = model.teams, model.families
    u = model.streams.uniform("team_order", fam.n)
    if not teams.enabled:
        return
    problems = fam.revealed[met] & (fam.severity[met] > model.cfg.behaviour.needs.problem_threshold)
    spanned = teams.sectors_spanned(problems)
    free = ~fam.team[met] & teams.may_form(fam.team_ended[met], model.now)
    cand = met[free & (spanned >= teams.cfg.min_sectors)]
    formed = teams.form(cand, fam.worker, model.workforce.teams, u[cand])
    model.start_teams(formed, problems[np.searchsorted(met, formed)])


def refer(model: KooperacjeModel, met: np.ndarray) -> None:
    """Refer revealed, unserved problems of met families to institutions."""
    fam, inst, book, streams = model.families, model.institutions, model.referrals, model.streams
    n, d = fam.n, len(NEEDS)
    u_choose = streams.uniform("choose_institution", (n, d))
    u_mis = streams.uniform("misdirect", (n, d))
    u_wrong = streams.uniform("wrong_institution", (n, d))
    u_delay = streams.uniform("delay", (n, d))
    u_bounce = streams.uniform("bounce", (n, d))
    u_accept = streams.uniform("accept", (n, d))
    if len(met) == 0 or len(inst) == 0:
        return
    cfg = model.cfg.behaviour
    ops_rows = np.flatnonzero(book["origin"] == OPS)
    ops_cells = book.cell_mask(n, ops_rows)
    ops_open = np.bincount(book["family"][ops_rows], minlength=n)
    sev = fam.severity[met]
    cand = (fam.revealed[met] & (sev > cfg.needs.problem_threshold) & ~fam.known_served[met]
            & ~ops_cells[met] & inst.can_serve(np.arange(d))[None, :])
    if model.teams.deduplicates():
        anyone = book.cell_mask(n)[met]
        cand &= ~(fam.team[met][:, None] & anyone)
    room = model.teams.parallel_limit(fam.team[met]) - ops_open[met]
    order = np.argsort(-np.where(cand, sev, -1.0), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(d)[None, :].repeat(len(met), 0), axis=1)
    pick = cand & (rank < room[:, None])
    local, need = np.nonzero(pick)
    rows = met[local]
    if len(rows) == 0:
        return
    floor = cfg.families.acceptance_floor
    accepted = u_accept[rows, need] < floor + (1 - floor) * fam.engagement[rows]
    target = inst.choose(need, u_choose[rows, need])
    astray = (u_mis[rows, need] < model.partnership.misdirection(target)) & inst.has_wrong(need)
    where = np.where(astray, inst.choose_wrong(need, u_wrong[rows, need]), target)
    delay = model.partnership.referral_delay(target)
    weeks = np.floor(delay + u_delay[rows, need]).astype(np.int32)  # stochastic rounding
    bounce = np.floor(cfg.services.bounce_delay_weeks + u_bounce[rows, need]).astype(np.int32)
    weeks = weeks + np.where(astray, bounce, 0)
    week = model.week
    start = len(book)
    book.add(family=rows, need=need, institution=where, origin=OPS, stage=TRANSIT,
             created=week, ready=week + weeks, queued=-1, started=-1, misdirected=astray)
    refused = np.zeros(len(book), bool)
    refused[start:] = ~accepted
    book.close(refused, "refused", week)
    model.tally["referrals_made"] += len(rows)
    model.tally["referrals_refused"] += int((~accepted).sum())
