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
from sim.domain import SECTORS
from sim.ordering import rank_within
from sim.population import ACTIVE
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
        # referrals a family may have open at once, without and with a ZZK
        self.parallel_limit = teams.parallel_limit(np.array([False, True]))

    def __call__(self, state: State, conditions: Conditions,
                 shared_reports: np.ndarray) -> WeekPlan:
        plan = self.plan(state, conditions, shared_reports)
        met = self.visit(state, plan, conditions)
        self.form_teams(state, met)
        self.refer(state, met)
        return plan

    def plan(self, state: State, conditions: Conditions, shared_reports: np.ndarray) -> WeekPlan:
        """Each worker's week: coordination (PZK, task teams, Niebieska Karta groups, reports
        shared by partners, supervision) comes before families; burnout follows the pressure."""
        fam, force = state.families, state.workforce
        cw = self.client_work
        demand = _coordination_demand(
            self.partnership.worker_hours(len(force)), self.teams.worker_hours(force.teams),
            statutory.worker_hours(fam, len(force), self.cfg.statutory), shared_reports,
            self.hours_per_shared_report, self.partnership.enabled, cw.supervision_hours)
        plan = force.plan(demand, cw, conditions.contact_hours)
        force.wear(plan, cw)
        return plan

    def visit(self, state: State, plan: WeekPlan, conditions: Conditions) -> np.ndarray:
        """Rows of the families the workers meet this week, within each worker's direct hours.
        A contact may bring hidden problems to light (multi-aspect diagnosis, weaker with hurry
        and burnout) and builds trust (weaker with burnout); a family not met drifts away a
        little."""
        fam, force, cfg, key = state.families, state.workforce, self.cfg, self.key
        met, contacts, found = _visit(
            fam.view("status"), fam.worker, fam.engagement, fam.severity, fam.revealed,
            plan.contact_probability, plan.max_contacts, cfg.families.keep_contact_floor,
            cfg.workers.diagnosis_probability, force.skill, plan.time_factor, force.quality(),
            self.client_work.diagnosis, conditions.diagnosis, cfg.needs.problem_threshold,
            cfg.families.trust_gain * self.client_work.engagement_gain * conditions.trust,
            1.0 - cfg.families.trust_decay, state.now, key["contact"], key["keep_contact"],
            key["contact_order"], key["diagnosis"])
        force.book(plan, contacts)
        state.counters.add("contacts", len(met))
        state.counters.add("needs_diagnosed", found)
        return met

    def form_teams(self, state: State, met: np.ndarray) -> None:
        """D2: a ZZK for a met family whose revealed problems span enough sectors; those
        problems become the goals of its individual plan."""
        teams, fam = self.teams, state.families
        if not teams.enabled:
            return
        c = teams.cfg
        formed, goals = _teams_to_form(
            met, fam.worker, fam.severity, fam.revealed, self.cfg.needs.problem_threshold,
            fam.team, fam.team_ended, c.reform_gap_weeks, teams.lead_sector, len(SECTORS),
            c.min_sectors, c.max_teams_per_worker, state.workforce.teams, state.now,
            self.key["team_order"])
        state.start_teams(formed, goals)

    def refer(self, state: State, met: np.ndarray) -> None:
        """Refer revealed, unserved problems of met families to institutions."""
        fam, inst, book = state.families, state.institutions, state.referrals
        if len(met) == 0 or len(inst) == 0:
            return
        cfg, p, key = self.cfg, self.partnership, self.key
        rows, need, where, astray, ready, refused = _refer(
            met, fam.severity, fam.revealed, fam.known_served, fam.team, fam.engagement,
            book["family"], book["need"], book["origin"], inst.can_serve,
            cfg.needs.problem_threshold, self.teams.deduplicates(), self.parallel_limit,
            cfg.families.acceptance_floor, inst.right_choice, inst.wrong_choice, inst.has_wrong,
            p.member, p.member_misdirection(), cfg.services.misdirection,
            p.member_referral_delay(), cfg.services.referral_delay_weeks,
            cfg.services.bounce_delay_weeks, state.now, *(key[s] for s in ROUTING))
        if len(rows) == 0:
            return
        week = state.now
        book.add(family=rows, need=need, institution=where, origin=OPS, stage=TRANSIT,
                 created=week, ready=ready, queued=-1, started=-1, misdirected=astray)
        state.counters.add("referrals_made", len(rows))
        state.counters.add("referrals_refused", book.close(refused, "refused", week))


@njit(cache=True)
def _coordination_demand(partnership, teams, groups, shared_reports, hours_per_shared_report,
                         in_pzk, supervision):
    """Per worker, the hours coordination asks this week: the PZK, task teams, Niebieska Karta
    groups, reading what partners shared (in a PZK) and supervision."""
    demand = np.empty(len(teams))
    for w in range(len(teams)):
        demand[w] = (partnership + teams[w] + groups[w]
                     + shared_reports[w] * hours_per_shared_report * in_pzk + supervision)
    return demand


@njit(cache=True)
def _visit(status, worker, engagement, severity, revealed, contact_probability, max_contacts,
           keep_floor, diagnosis_probability, skill, time_factor, quality, client_diagnosis,
           conditions_diagnosis, threshold, gain, keep, week, contact, keep_contact,
           contact_order, diagnosis):
    """The week's contacts: the rows met (ascending), contacts per worker and how many hidden
    problems came to light. A worker diagnoses with probability ``diagnosis_probability`` ×
    skill × time factor × quality × the client work's and the conditions' factors (at most
    1)."""
    met = _meet(status, worker, engagement, keep_floor, contact_probability, max_contacts, week,
                contact, keep_contact, contact_order)
    p = np.minimum(diagnosis_probability * skill * time_factor * quality * client_diagnosis
                   * conditions_diagnosis, 1.0)
    found = _diagnose(met, worker, p, severity, revealed, threshold, week, diagnosis)
    _build_trust(met, worker, quality, gain, keep, engagement, status)
    contacts = np.zeros(len(max_contacts), np.int64)
    for r in met:
        contacts[worker[r]] += 1
    return met, contacts, found


@njit(cache=True)
def _meet(status, worker, engagement, keep_floor, contact_probability, max_contacts, week,
          contact, keep_contact, contact_order):
    """Rows (ascending) of the families met: the worker means to contact an active family with
    the plan's probability and the family keeps the contact (the more likely, the more it
    trusts the worker); a worker with more such families than contacts its hours allow meets
    as many as they allow, in a random order."""
    cand = np.empty(len(status), np.int64)
    k = 0
    for r in range(len(status)):
        if (status[r] == ACTIVE and cast(contact, week, r, 0) < contact_probability[worker[r]]
                and cast(keep_contact, week, r, 0)
                < keep_floor + (1 - keep_floor) * engagement[r]):
            cand[k] = r
            k += 1
    cand = cand[:k]
    wanting = np.zeros(len(max_contacts), np.int64)
    for r in cand:
        wanting[worker[r]] += 1
    over = np.flatnonzero(wanting[worker[cand]] > max_contacts[worker[cand]])
    order_key = np.array([cast(contact_order, week, r, 0) for r in cand[over]])
    order, rank = rank_within(worker[cand[over]], order_key)
    met = np.ones(k, np.bool_)
    for i in range(len(over)):
        c = over[order[i]]
        met[c] = rank[i] < max_contacts[worker[cand[c]]]
    return cand[met]


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
def _build_trust(met, worker, quality, gain, keep, engagement, status):
    """Met families gain trust (toward 1, by the gain × their worker's quality); active families
    not met keep ``keep`` of theirs."""
    was_met = np.zeros(len(status), np.bool_)
    for r in met:
        engagement[r] += gain * quality[worker[r]] * (1.0 - engagement[r])
        engagement[r] = min(max(engagement[r], 0.0), 1.0)
        was_met[r] = True
    for r in range(len(status)):
        if status[r] == ACTIVE and not was_met[r]:
            engagement[r] *= keep


@njit(cache=True)
def _teams_to_form(met, worker, severity, revealed, threshold, team, team_ended, reform_gap,
                   lead_sector, n_sectors, min_sectors, max_teams, teams_per_worker, week,
                   team_order):
    """Rows of met families that get a ZZK, in the order the teams form, and their goals
    (family × need: the revealed problems). A family qualifies without an open team, at least
    ``reform_gap`` weeks after its last one ended, when its revealed problems call for at least
    ``min_sectors`` sectors; each worker takes those of its families in a random order, as long
    as it leads fewer than ``max_teams`` teams."""
    d = severity.shape[1]
    cand = np.empty(len(met), np.int64)
    k = 0
    called_by = np.full(n_sectors, -1)  # the last family whose problems call for the sector
    for r in met:
        if (team[r] or (team_ended[r] >= 0 and week - team_ended[r] < reform_gap)
                or teams_per_worker[worker[r]] >= max_teams):
            continue
        spanned = 0
        for j in range(d):
            s = lead_sector[j]
            if revealed[r, j] and severity[r, j] > threshold and called_by[s] != r:
                called_by[s] = r
                spanned += 1
        if spanned >= min_sectors:
            cand[k] = r
            k += 1
    cand = cand[:k]
    order_key = np.array([cast(team_order, week, r, 0) for r in cand])
    order, rank = rank_within(worker[cand], order_key)
    rows = cand[order]
    formed = rows[rank < max_teams - teams_per_worker[worker[rows]]]
    goals = np.zeros((len(formed), d), np.bool_)
    for i in range(len(formed)):
        r = formed[i]
        for j in range(d):
            goals[i, j] = revealed[r, j] and severity[r, j] > threshold
    return formed, goals


@njit(cache=True)
def _refer(met, severity, revealed, known_served, team, engagement, book_family, book_need,
           book_origin, can_serve, threshold, deduplicate, parallel_limit, acceptance_floor,
           right_choice, wrong_choice, has_wrong, member, member_misdirection, misdirection,
           member_delay, delay, bounce_delay, week, accept_die, choose_die, misdirect_die,
           wrong_die, delay_die, bounce_die):
    """The week's referrals: (family row, need) pairs, where each goes, whether it went astray,
    the week it is handled, and the mask of the book's rows, these appended, that the family
    refused (it accepts with ``acceptance_floor`` + the rest × its trust)."""
    rows, need = _needs_to_refer(met, severity, revealed, known_served, team, book_family,
                                 book_need, book_origin, can_serve, threshold, deduplicate,
                                 parallel_limit)
    accept = acceptance_floor + (1 - acceptance_floor) * engagement[rows]
    where, astray, weeks, accepted = _route(
        rows, need, accept, right_choice, wrong_choice, has_wrong, member, member_misdirection,
        misdirection, member_delay, delay, bounce_delay, week, accept_die, choose_die,
        misdirect_die, wrong_die, delay_die, bounce_die)
    refused = np.zeros(len(book_family) + len(rows), np.bool_)
    refused[len(book_family):] = ~accepted
    return rows, need, where, astray, np.int32(week) + weeks, refused


@njit(cache=True)
def _needs_to_refer(met, severity, revealed, known_served, team, book_family, book_need,
                    book_origin, can_serve, threshold, deduplicate, parallel_limit):
    """(family row, need) pairs to refer, family by family in need order: revealed problems no
    one is known to serve and no OPS referral covers (nor, under deduplication, anyone for a
    family with a ZZK), most severe first (ties: need order), as many as the family's limit
    (``parallel_limit``, without and with a ZZK) leaves room for beside its open OPS
    referrals."""
    d = severity.shape[1]
    at = np.full(len(severity), -1, np.int32)
    at[met] = np.arange(len(met))
    ops_cells = np.zeros((len(met), d), np.bool_)
    any_cells = np.zeros((len(met), d), np.bool_)
    ops_open = np.zeros(len(met), np.int64)
    for b in range(len(book_family)):
        i = at[book_family[b]]
        if i >= 0:
            any_cells[i, book_need[b]] = True
            if book_origin[b] == OPS:
                ops_cells[i, book_need[b]] = True
                ops_open[i] += 1
    rows = np.empty(len(met) * d, np.int64)
    needs = np.empty(len(met) * d, np.int64)
    cand = np.empty(d, np.bool_)
    picked = np.empty(d, np.bool_)
    k = 0
    for i in range(len(met)):
        r = met[i]
        room = parallel_limit[np.int64(team[r])] - ops_open[i]
        if room <= 0:
            continue
        for j in range(d):
            cand[j] = (revealed[r, j] and severity[r, j] > threshold and not known_served[r, j]
                       and not ops_cells[i, j] and can_serve[j]
                       and not (deduplicate and team[r] and any_cells[i, j]))
            picked[j] = False
        for _ in range(min(room, d)):  # the most severe candidate left, first on ties
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
