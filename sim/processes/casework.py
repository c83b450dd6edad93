"""A week of social work: split hours, contact families, diagnose, build trust, form teams, refer.

Contact frequency falls as caseload grows (time per family shrinks); diagnosis weakens with
hurry and burnout, trust-building with burnout. Referrals go out one at a time per family (most
severe need first) unless a ZZK's joint plan runs them in parallel. A referral can be refused
(trust), go astray (misdirection, smaller to mature PZK members) and takes weeks to be handled.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.agents.institution import choose
from sim.agents.social_worker import WeekPlan
from sim.config import SimConfig
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import TaskTeams
from sim.ordering import rank_within
from sim.processes import statutory
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import OPS, TRANSIT
from sim.rng import Streams, cast
from sim.state import State

ROUTING = ("accept", "choose_institution", "misdirect", "wrong_institution", "delay", "bounce")


class Casework(Process):
    streams = ("contact", "keep_contact", "contact_order", "diagnosis", "team_order",
               "choose_institution", "misdirect", "wrong_institution", "delay", "bounce",
               "accept")
    counters = ("contacts", "needs_diagnosed", "referrals_made", "referrals_refused")

    def __init__(self, cfg: SimConfig, rng: Streams, partnership: Partnership,
                 teams: TaskTeams, client_work: ClientWork):
        super().__init__(rng)
        self.cfg = cfg.behaviour
        self.hours_per_shared_report = cfg.scenario.pzk.hours_per_shared_report
        self.partnership, self.teams, self.client_work = partnership, teams, client_work

    def __call__(self, state: State, conditions: Conditions,
                 shared_reports: np.ndarray) -> WeekPlan:
        met, plan = self.contact(state, conditions, shared_reports)
        self.diagnose(state, met, plan, conditions)
        self.build_trust(state, met, conditions)
        self.form_teams(state, met)
        self.refer(state, met)
        return plan

    def contact(self, state: State, conditions: Conditions,
                shared_reports: np.ndarray) -> tuple[np.ndarray, WeekPlan]:
        """Rows of families the workers meet this week, within each worker's direct hours."""
        fam, force = state.families, state.workforce
        cw = self.client_work
        demand = (self.partnership.worker_hours(len(force)) + self.teams.worker_hours(force.teams)
                  + statutory.worker_hours(fam, len(force), self.cfg.statutory)
                  + shared_reports * self.hours_per_shared_report * self.partnership.enabled
                  + cw.supervision_hours)
        plan = force.plan(demand, cw, conditions.contact_hours)
        force.wear(plan, cw)
        floor = self.cfg.families.keep_contact_floor
        keeps = floor + (1 - floor) * fam.view("engagement")
        met = _meet(state.active(), fam.worker, plan.contact_probability, keeps,
                    plan.max_contacts, state.now, self.dice("contact").key,
                    self.dice("keep_contact").key, self.dice("contact_order").key)
        force.book(plan, np.bincount(fam.worker[met], minlength=len(force)))
        state.counters.add("contacts", len(met))
        return met, plan

    def diagnose(self, state: State, met: np.ndarray, plan: WeekPlan,
                 conditions: Conditions) -> None:
        """Multi-aspect diagnosis: hidden problems come to light at a contact."""
        fam, force, cfg = state.families, state.workforce, self.cfg
        p = (cfg.workers.diagnosis_probability * force.skill * plan.time_factor
             * force.quality() * self.client_work.diagnosis * conditions.diagnosis)
        found = _diagnose(met, fam.worker, np.minimum(p, 1.0), fam.severity, fam.revealed,
                          cfg.needs.problem_threshold, state.now, self.dice("diagnosis").key)
        state.counters.add("needs_diagnosed", found)

    def build_trust(self, state: State, met: np.ndarray, conditions: Conditions) -> None:
        """Regular contact builds engagement; a family not met drifts away a little."""
        fam, cfg = state.families, self.cfg.families
        gain = cfg.trust_gain * self.client_work.engagement_gain * conditions.trust
        _build_trust(met, fam.worker, state.workforce.quality(), gain, 1.0 - cfg.trust_decay,
                     fam.engagement, state.active())

    def form_teams(self, state: State, met: np.ndarray) -> None:
        """D2: a ZZK for a met family whose revealed problems span enough sectors; those
        problems become the goals of its individual plan."""
        teams, fam = self.teams, state.families
        if not teams.enabled:
            return
        problems = fam.revealed[met] & (fam.severity[met] > self.cfg.needs.problem_threshold)
        spanned = teams.sectors_spanned(problems)
        free = ~fam.team[met] & teams.may_form(fam.team_ended[met], state.now)
        cand = met[free & (spanned >= teams.cfg.min_sectors)]
        formed = teams.form(cand, fam.worker, state.workforce.teams,
                            self.dice("team_order")(state.now, cand))
        state.start_teams(formed, problems[np.searchsorted(met, formed)])

    def refer(self, state: State, met: np.ndarray) -> None:
        """Refer revealed, unserved problems of met families to institutions."""
        fam, inst, book = state.families, state.institutions, state.referrals
        if len(met) == 0 or len(inst) == 0:
            return
        cfg = self.cfg
        rows, need = _needs_to_refer(
            met, fam.severity, fam.revealed, fam.known_served, fam.team, book["family"],
            book["need"], book["origin"] == OPS, inst.can_serve,
            cfg.needs.problem_threshold, self.teams.deduplicates(),
            self.teams.parallel_limit(fam.team[met]))
        if len(rows) == 0:
            return
        floor = cfg.families.acceptance_floor
        accept = floor + (1 - floor) * fam.engagement[rows]
        p = self.partnership
        where, astray, weeks, accepted = _route(
            rows, need, accept, inst.right_choice, inst.wrong_choice, inst.has_wrong, p.member,
            p.member_misdirection(), cfg.services.misdirection, p.member_referral_delay(),
            cfg.services.referral_delay_weeks, cfg.services.bounce_delay_weeks,
            state.now, *(self.dice(s).key for s in ROUTING))
        week = state.now
        start = len(book)
        book.add(family=rows, need=need, institution=where, origin=OPS, stage=TRANSIT,
                 created=week, ready=week + weeks, queued=-1, started=-1, misdirected=astray)
        refused = np.zeros(len(book), bool)
        refused[start:] = ~accepted
        book.close(refused, "refused", week)
        state.counters.add("referrals_made", len(rows))
        state.counters.add("referrals_refused", int((~accepted).sum()))


@njit(cache=True)
def _needs_to_refer(met, severity, revealed, known_served, team, book_family, book_need, book_ops,
                    can_serve, threshold, deduplicate, limit):
    """(family row, need) pairs to refer, family by family in need order: revealed problems no
    one is known to serve and no OPS referral covers (nor, under deduplication, anyone for a
    family with a ZZK), most severe first (ties: need order), as many as the family's limit
    leaves room for beside its open OPS referrals."""
    d = severity.shape[1]
    at = np.full(len(severity), -1)
    at[met] = np.arange(len(met))
    ops_cells = np.zeros((len(met), d), np.bool_)
    any_cells = np.zeros((len(met), d), np.bool_)
    ops_open = np.zeros(len(met), np.int64)
    for b in range(len(book_family)):
        i = at[book_family[b]]
        if i >= 0:
            any_cells[i, book_need[b]] = True
            if book_ops[b]:
                ops_cells[i, book_need[b]] = True
                ops_open[i] += 1
    rows = np.empty(len(met) * d, np.int64)
    needs = np.empty(len(met) * d, np.int64)
    cand = np.empty(d, np.bool_)
    picked = np.empty(d, np.bool_)
    k = 0
    for i in range(len(met)):
        r = met[i]
        room = limit[i] - ops_open[i]
        for j in range(d):
            cand[j] = (revealed[r, j] and severity[r, j] > threshold and not known_served[r, j]
                       and not ops_cells[i, j] and can_serve[j]
                       and not (deduplicate and team[r] and any_cells[i, j]))
            picked[j] = False
        for _ in range(min(max(room, 0), d)):  # the most severe candidate left, first on ties
            best = -1
            for j in range(d):
                if cand[j] and not picked[j] and (best < 0 or severity[r, j] > severity[r, best]):
                    best = j
            if best < 0:
                break
            picked[best] = True
        for j in range(d):
            if picked[j]:
                rows[k] = r
                needs[k] = j
                k += 1
    return rows[:k], needs[:k]


@njit(cache=True)
def _diagnose(met, worker, p, severity, revealed, threshold, week, diagnosis):
    """Each hidden problem of a met family comes to light with its worker's probability ``p``;
    returns how many did."""
    found = 0
    for r in met:
        for j in range(severity.shape[1]):
            if (severity[r, j] > threshold and not revealed[r, j]
                    and cast(diagnosis, week, r, j) < p[worker[r]]):
                revealed[r, j] = True
                found += 1
    return found


@njit(cache=True)
def _build_trust(met, worker, quality, gain, keep, engagement, active):
    """Met families gain trust (toward 1, by the gain × their worker's quality); active families
    not met keep ``keep`` of theirs."""
    was_met = np.zeros(len(active), np.bool_)
    for r in met:
        engagement[r] += gain * quality[worker[r]] * (1.0 - engagement[r])
        engagement[r] = min(max(engagement[r], 0.0), 1.0)
        was_met[r] = True
    for r in range(len(active)):
        if active[r] and not was_met[r]:
            engagement[r] *= keep


@njit(cache=True)
def _route(rows, need, accept, right_choice, wrong_choice, has_wrong, member, member_misdirection,
           misdirection, member_delay, delay, bounce_delay, week, accept_die, choose_die,
           misdirect_die, wrong_die, delay_die, bounce_die):
    """Per referral: where it goes (the institution meant, or astray to one that does not serve
    the need, less often when the one meant is a mature PZK member), whether it went astray,
    the weeks until it is handled (stochastic rounding; a bounce adds its own) and whether the
    family accepts."""
    k = len(rows)
    where = np.empty(k, np.int64)
    astray = np.empty(k, np.bool_)
    weeks = np.empty(k, np.int32)
    accepted = np.empty(k, np.bool_)
    for i in range(k):
        r, j = rows[i], need[i]
        accepted[i] = cast(accept_die, week, r, j) < accept[i]
        t = choose(right_choice, j, cast(choose_die, week, r, j))
        misdirection_t = member_misdirection if member[t] else misdirection
        astray[i] = cast(misdirect_die, week, r, j) < misdirection_t and has_wrong[j]
        where[i] = choose(wrong_choice, j, cast(wrong_die, week, r, j)) if astray[i] else t
        weeks[i] = np.int32(np.floor((member_delay if member[t] else delay)
                                     + cast(delay_die, week, r, j)))
        if astray[i]:
            weeks[i] += np.int32(np.floor(bounce_delay + cast(bounce_die, week, r, j)))
    return where, astray, weeks, accepted


@njit(cache=True)
def _meet(active, worker, contact_probability, keeps, max_contacts, week, contact, keep_contact,
          contact_order):
    """Rows (ascending) of the families met: the worker means to contact an active family with
    the plan's probability and the family keeps the contact (``keeps``, from its trust); each
    worker meets as many as the hours allow, in a random order."""
    cand = np.empty(len(active), np.int64)
    k = 0
    for r in range(len(active)):
        if (active[r] and cast(contact, week, r, 0) < contact_probability[worker[r]]
                and cast(keep_contact, week, r, 0) < keeps[r]):
            cand[k] = r
            k += 1
    cand = cand[:k]
    order_key = np.array([cast(contact_order, week, r, 0) for r in cand])
    order, rank = rank_within(worker[cand], order_key)
    met = cand[order][rank < max_contacts[worker[cand[order]]]]
    return np.sort(met)
