"""A week of social work: split hours, contact families, diagnose, build trust, form teams, refer.

Contact frequency falls as caseload grows (time per family shrinks); diagnosis weakens with
hurry and burnout, trust-building with burnout. Referrals go out one at a time per family (most
severe need first) unless a ZZK's joint plan runs them in parallel. A referral can be refused
(trust), go astray (misdirection, smaller to mature PZK members) and takes weeks to be handled.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.agents.institution import first_above
from sim.agents.social_worker import quality, split_week, wear
from sim.config import SimConfig
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import TaskTeams, worker_hours
from sim.domain import SECTORS
from sim.ordering import rank_within
from sim.population import ACTIVE, ALL_NEEDS, reveal
from sim.processes import statutory
from sim.processes.pandemic import Conditions
from sim.processes.process import Process
from sim.referrals import OPS, ROW, TRANSIT
from sim.rng import Streams, cast, cast_pairs
from sim.state import State

# the week's fixed rules, packed once (positions in Casework.rules)
(PER_SHARED_REPORT, IN_PZK, SUPERVISION, WEEKLY_HOURS, ADMIN_SHARE, DESIRED_CONTACTS,
 PER_CONTACT, BURNOUT_RATE, BURNOUT_RECOVERY, BURNOUT_PENALTY, KEEP_FLOOR, DIAGNOSIS,
 CLIENT_DIAGNOSIS, THRESHOLD, TRUST_GAIN, TRUST_KEEP, ACCEPTANCE_FLOOR, MISDIRECTION, DELAY,
 BOUNCE_DELAY, DEDUPLICATE, GROUP_HOURS, PZK_HOURS, TEAM_HOURS, REFORM_GAP, MIN_SECTORS,
 MAX_TEAMS) = range(27)


class Casework(Process):
    streams = ("contact", "keep_contact", "contact_order", "diagnosis", "team_order",
               "choose_institution", "misdirect", "wrong_institution", "delay", "bounce",
               "accept")
    counters = ("contacts", "needs_diagnosed", "referrals_made", "referrals_refused")

    def __init__(self, cfg: SimConfig, rng: Streams, partnership: Partnership,
                 teams: TaskTeams, client_work: ClientWork):
        super().__init__(rng)
        b = cfg.behaviour
        self.partnership, self.teams, self.client_work = partnership, teams, client_work
        # referrals a family may have open at once, without and with a ZZK
        self.parallel_limit = teams.parallel_limit(np.array([False, True]))
        w, cw = b.workers, client_work
        rules = np.empty(27)
        rules[PER_SHARED_REPORT] = cfg.scenario.pzk.hours_per_shared_report
        rules[IN_PZK] = partnership.enabled
        rules[SUPERVISION] = cw.supervision_hours
        rules[WEEKLY_HOURS], rules[ADMIN_SHARE] = w.weekly_hours, w.administration_share
        rules[DESIRED_CONTACTS] = w.desired_contacts_per_week
        rules[PER_CONTACT] = w.hours_per_contact + cw.extra_hours_per_contact
        rules[BURNOUT_RATE] = w.burnout_rate
        rules[BURNOUT_RECOVERY] = w.burnout_recovery * cw.burnout_recovery
        rules[BURNOUT_PENALTY] = w.burnout_penalty
        rules[KEEP_FLOOR] = b.families.keep_contact_floor
        rules[DIAGNOSIS], rules[CLIENT_DIAGNOSIS] = w.diagnosis_probability, cw.diagnosis
        rules[THRESHOLD] = b.needs.problem_threshold
        rules[TRUST_GAIN] = b.families.trust_gain * cw.engagement_gain
        rules[TRUST_KEEP] = 1.0 - b.families.trust_decay
        rules[ACCEPTANCE_FLOOR] = b.families.acceptance_floor
        rules[MISDIRECTION] = b.services.misdirection
        rules[DELAY] = b.services.referral_delay_weeks
        rules[BOUNCE_DELAY] = b.services.bounce_delay_weeks
        rules[DEDUPLICATE] = teams.deduplicates()
        rules[GROUP_HOURS] = b.statutory.group_meeting_hours_per_month
        # the PZK's hours are the same every week; a task team's meetings, per month
        rules[PZK_HOURS] = partnership.worker_hours(cfg.municipality.social_workers)
        rules[TEAM_HOURS] = teams.cfg.meeting_hours_per_month
        zzk = teams.cfg
        rules[REFORM_GAP], rules[MIN_SECTORS] = zzk.reform_gap_weeks, zzk.min_sectors
        rules[MAX_TEAMS] = zzk.max_teams_per_worker
        self.rules = rules

    def __call__(self, state: State, conditions: Conditions, shared_reports: np.ndarray) -> None:
        met, problems = self.visit(state, conditions, shared_reports)
        self.form_teams(state, met, problems)
        self.refer(state, met, problems)

    def visit(self, state: State, conditions: Conditions, shared_reports: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """Each worker's week (see :func:`_visit`); returns the rows of the families met and,
        per family met, its known problems (see :meth:`known_problems`)."""
        fam, force = state.families, state.workforce
        hours = force.hours
        return _visit(
            fam.view("status"), fam.worker, fam.engagement, fam.severity, fam.revealed,
            force.skill, force.burnout, force.caseload, force.teams, fam.view("procedure_weeks"),
            shared_reports, hours["administration"], hours["coordination"], hours["direct"],
            self.rules, conditions.contact_hours, conditions.diagnosis, conditions.trust,
            state.now, self.dice, state.counters.values, self.positions(state.counters))

    def known_problems(self, state: State, met: np.ndarray) -> np.ndarray:
        """Per family of ``met``, the bits (bit j: need j) of its revealed problems: what the
        visit leaves for teams and referrals."""
        fam = state.families
        return _known_problems(met, fam.severity, fam.revealed, self.rules[THRESHOLD])

    def form_teams(self, state: State, met: np.ndarray, problems: np.ndarray) -> None:
        """D2: a ZZK for a met family whose revealed ``problems`` span enough sectors; those
        problems become the goals of its individual plan."""
        fam = state.families
        if not self.teams.enabled:
            return
        formed, goals, sectors = _teams_to_form(
            met, problems, fam.worker, fam.team, fam.team_ended, self.teams.lead_sector,
            state.workforce.teams, self.rules, state.now, self.key["team_order"])
        state.start_teams(formed, goals, sectors)

    def refer(self, state: State, met: np.ndarray, problems: np.ndarray) -> None:
        """Refer revealed ``problems`` of met families that no one is known to serve to
        institutions; those the family refuses close at once."""
        fam, inst, book = state.families, state.institutions, state.referrals
        if len(met) == 0 or len(inst) == 0:
            return
        p = self.partnership
        accepted, refused = _refer(
            met, problems, fam.severity, fam.known_served, fam.team, fam.engagement,
            book.rows, inst.can_serve, inst.right_choice, inst.wrong_choice, inst.has_wrong,
            p.member, self.parallel_limit, self.rules, p.member_misdirection(),
            p.member_referral_delay(), state.now, self.dice, state.counters.values,
            self.positions(state.counters))
        book.extend(accepted)
        book.log(refused, "refused", state.now)


def _at(names: tuple[str, ...], *wanted: str) -> tuple[int, ...]:
    return tuple(names.index(n) for n in wanted)


# positions of the dice keys in Casework.dice and of the counters in Process.positions
(CONTACT, KEEP_CONTACT, CONTACT_ORDER, DIAGNOSIS_DIE, ACCEPT, CHOOSE, MISDIRECT, WRONG, DELAY_DIE,
 BOUNCE) = _at(Casework.streams, "contact", "keep_contact", "contact_order", "diagnosis",
               "accept", "choose_institution", "misdirect", "wrong_institution", "delay",
               "bounce")
CONTACTS, DIAGNOSED, MADE, REFUSED = range(4)
N_SECTORS = len(SECTORS)


@njit(cache=True)
def _coordination_demand(partnership, teams, team_hours, groups, shared_reports,
                         hours_per_shared_report, in_pzk, supervision):
    """Per worker, the hours coordination asks this week: the PZK, the ``teams`` they lead,
    Niebieska Karta groups, reading what partners shared (in a PZK) and supervision."""
    demand = np.empty(len(teams))
    for w in range(len(teams)):
        demand[w] = (partnership + worker_hours(teams[w], team_hours) + groups[w]
                     + shared_reports[w] * hours_per_shared_report * in_pzk + supervision)
    return demand


@njit(cache=True)
def _visit(status, worker, engagement, severity, revealed, skill, burnout, caseload, teams,
           procedure_weeks, shared_reports, admin_hours, coordination_hours,
           direct_hours, rules, contact_hours, conditions_diagnosis, trust, week, dice, counters,
           slots):
    """The workers' week; returns the rows met (ascending) and their known problems (see
    :func:`_diagnose`). Coordination (PZK, task teams, Niebieska Karta groups, reports shared
    by partners, supervision) comes before families and burnout follows the pressure (see
    :func:`split_week`, :func:`wear`). A contact may bring hidden problems to light: a worker
    diagnoses with probability ``DIAGNOSIS`` × skill × time factor × quality × the client
    work's and the conditions' factors (at most 1); it builds trust (weaker with burnout); a
    family not met drifts away a little. The hours are booked and the contacts and needs
    diagnosed counted."""
    group_hours = statutory.worker_hours(procedure_weeks, status, worker, len(caseload),
                                         rules[GROUP_HOURS])
    demand = _coordination_demand(rules[PZK_HOURS], teams, rules[TEAM_HOURS], group_hours,
                                  shared_reports, rules[PER_SHARED_REPORT], rules[IN_PZK],
                                  rules[SUPERVISION])
    per_contact = rules[PER_CONTACT] * contact_hours
    admin, coordination, _, probability, time_factor, max_contacts, pressure = split_week(
        rules[WEEKLY_HOURS], rules[ADMIN_SHARE], demand, caseload, rules[DESIRED_CONTACTS],
        per_contact)
    wear(burnout, pressure, rules[BURNOUT_RATE], rules[BURNOUT_RECOVERY])
    power = quality(burnout, rules[BURNOUT_PENALTY])
    met = _meet(status, worker, engagement, rules[KEEP_FLOOR], probability, max_contacts, week,
                dice[CONTACT], dice[KEEP_CONTACT], dice[CONTACT_ORDER])
    p = np.minimum(rules[DIAGNOSIS] * skill * time_factor * power * rules[CLIENT_DIAGNOSIS]
                   * conditions_diagnosis, 1.0)
    found, problems = _diagnose(met, worker, p, severity, revealed, rules[THRESHOLD], week,
                                dice[DIAGNOSIS_DIE])
    _build_trust(met, worker, power, rules[TRUST_GAIN] * trust, rules[TRUST_KEEP], engagement,
                 status)
    contacts = np.zeros(len(caseload), np.int64)
    for r in met:
        contacts[worker[r]] += 1
    admin_hours[:] = admin
    coordination_hours[:] = coordination
    for w in range(len(contacts)):
        direct_hours[w] = contacts[w] * per_contact
    counters[slots[CONTACTS]] += len(met)
    counters[slots[DIAGNOSED]] += found
    return met, problems


@njit(cache=True)
def _meet(status, worker, engagement, keep_floor, contact_probability, max_contacts, week,
          contact, keep_contact, contact_order):
    """Rows (ascending) of the families met: the worker means to contact an active family with
    the plan's probability and the family keeps the contact (the more likely, the more it
    trusts the worker); a worker with more such families than contacts its hours allow meets
    as many as they allow, in a random order."""
    cand = np.empty(len(status), np.int64)
    wanting = np.zeros(len(max_contacts), np.int64)
    k = _wanting_contact(status, worker, engagement, keep_floor, contact_probability, week,
                         contact, keep_contact, cand, wanting)
    over = np.empty(k, np.int64)  # positions in cand of the families of overbooked workers
    n_over = 0
    for c in range(k):
        w = worker[cand[c]]
        if wanting[w] > max_contacts[w]:
            over[n_over] = c
            n_over += 1
    their_worker = np.empty(n_over, worker.dtype)
    order_key = np.empty(n_over)
    for i in range(n_over):
        r = cand[over[i]]
        their_worker[i] = worker[r]
        order_key[i] = cast(contact_order, week, r, 0)
    order, rank = rank_within(their_worker, order_key)
    met = np.ones(k, np.bool_)
    for i in range(n_over):
        c = over[order[i]]
        met[c] = rank[i] < max_contacts[worker[cand[c]]]
    rows = np.empty(k, np.int64)
    n_met = 0
    for c in range(k):
        if met[c]:
            rows[n_met] = cand[c]
            n_met += 1
    return rows[:n_met]


DICE_BLOCK = 256  # rows whose contact dice are cast together (their scratch stays in L1)


@njit(cache=True)
def _wanting_contact(status, worker, engagement, keep_floor, contact_probability, week, contact,
                     keep_contact, cand, wanting):
    """Puts in ``cand`` the rows of the active families their worker means to contact and that
    keep the contact, counts them per worker in ``wanting``; returns how many. Both dice are
    cast for every row, a block at a time in a loop without a branch or a lookup in another
    table, so that the hashing runs in vector registers; the worker's probability is looked up
    after."""
    contact_die = np.empty(DICE_BLOCK)
    keeps = np.empty(DICE_BLOCK, np.bool_)
    k = 0
    for first in range(0, len(status), DICE_BLOCK):
        size = min(DICE_BLOCK, len(status) - first)
        for i in range(size):
            r = first + i
            contact_die[i] = cast(contact, week, r, 0)
            keeps[i] = (status[r] == ACTIVE) & (
                cast(keep_contact, week, r, 0) < keep_floor + (1 - keep_floor) * engagement[r])
        for i in range(size):
            r = first + i
            w = worker[r]
            wants = keeps[i] & (contact_die[i] < contact_probability[w])
            cand[k] = r
            k += wants
            wanting[w] += wants
    return k


@njit(cache=True)
def _diagnose(met, worker, p, severity, revealed, threshold, week, diagnosis):
    """Each hidden problem of a met family comes to light with its worker's probability ``p``;
    returns how many did, and per family met the bits of its known problems (see
    :func:`_problem_bits`), taken while its rows are at hand."""
    found = 0
    problems = np.empty(len(met), np.int64)
    for i in range(len(met)):
        r = met[i]
        problems[i], hidden = _problem_bits(r, severity, revealed, threshold)
        if hidden:
            found += reveal(r, ALL_NEEDS, severity, revealed, threshold, p[worker[r]], week,
                            diagnosis)
            problems[i], _ = _problem_bits(r, severity, revealed, threshold)
    return found, problems


@njit(cache=True)
def _known_problems(met, severity, revealed, threshold):
    """Per family of ``met``, its known problems (see :func:`_problem_bits`)."""
    problems = np.empty(len(met), np.int64)
    for i in range(len(met)):
        problems[i], _ = _problem_bits(met[i], severity, revealed, threshold)
    return problems


@njit(cache=True, inline="always")
def _problem_bits(r, severity, revealed, threshold):
    """The needs (bit j: need j) that are problems of family ``r`` its worker knows of, and
    those it does not know of."""
    known = hidden = 0
    for j in range(severity.shape[1]):  # no branch: the needs' tests run side by side
        problem = np.int64(severity[r, j] > threshold)
        seen = np.int64(revealed[r, j])
        known |= (problem & seen) << j
        hidden |= (problem & ~seen) << j
    return known, hidden


@njit(cache=True)
def _build_trust(met, worker, quality, gain, keep, engagement, status):
    """Met families gain trust (toward 1, by the gain × their worker's quality); active families
    not met keep ``keep`` of theirs. The decay is one pass without a branch (it vectorises),
    the gains a pass over the met."""
    was_met = np.zeros(len(status), np.bool_)
    for r in met:
        was_met[r] = True
    for r in range(len(status)):
        e = engagement[r]
        engagement[r] = e * keep if (status[r] == ACTIVE) & (not was_met[r]) else e
    for r in met:
        engagement[r] += gain * quality[worker[r]] * (1.0 - engagement[r])
        engagement[r] = min(max(engagement[r], 0.0), 1.0)


@njit(cache=True)
def _teams_to_form(met, problems, worker, team, team_ended, lead_sector, teams_per_worker, rules,
                   week, team_order):
    """Rows of met families that get a ZZK, in the order the teams form, their goals (family ×
    need: the revealed ``problems``) and the sectors each team seats. A family qualifies
    without an open team, at least ``reform_gap`` weeks after its last one ended, when its
    revealed problems call for at least ``min_sectors`` sectors; each worker takes those of its
    families in a random order, as long as it leads fewer than ``max_teams`` teams (the three
    from ``rules``)."""
    reform_gap, min_sectors, max_teams = rules[REFORM_GAP], rules[MIN_SECTORS], rules[MAX_TEAMS]
    d = len(lead_sector)
    cand = np.empty(len(met), np.int64)  # positions in met
    spans = np.empty(len(met), np.int64)
    k = 0
    called_by = np.full(N_SECTORS, -1)  # the last family whose problems call for the sector
    for i in range(len(met)):
        r = met[i]
        if (team[r] or (team_ended[r] >= 0 and week - team_ended[r] < reform_gap)
                or teams_per_worker[worker[r]] >= max_teams):
            continue
        spanned = 0
        for j in range(d):
            s = lead_sector[j]
            if problems[i] >> j & 1 and called_by[s] != r:
                called_by[s] = r
                spanned += 1
        if spanned >= min_sectors:
            cand[k] = i
            spans[k] = spanned
            k += 1
    rows = met[cand[:k]]
    order_key = np.empty(k)
    for c in range(k):
        order_key[c] = cast(team_order, week, rows[c], 0)
    order, rank = rank_within(worker[rows], order_key)
    ordered = rows[order]
    taken = rank < max_teams - teams_per_worker[worker[ordered]]
    formed = ordered[taken]
    formed_at = cand[:k][order][taken]
    goals = np.zeros((len(formed), d), np.bool_)
    for f in range(len(formed)):
        for j in range(d):
            goals[f, j] = problems[formed_at[f]] >> j & 1
    return formed, goals, spans[:k][order][taken]


@njit(cache=True)
def _refer(met, problems, severity, known_served, team, engagement, book, can_serve,
           right_choice, wrong_choice, has_wrong, member, parallel_limit, rules,
           member_misdirection, member_delay, week, dice, counters, slots):
    """The week's referrals as rows of the referral book, in order: those the family accepts
    (with ``ACCEPTANCE_FLOOR`` + the rest × its trust) and those it refuses; both are
    counted."""
    rows, need = _needs_to_refer(met, problems, severity, known_served, team, book.family,
                                 book.need, book.origin, can_serve,
                                 rules[DEDUPLICATE] > 0.0, parallel_limit)
    floor = rules[ACCEPTANCE_FLOOR]
    accept = floor + (1 - floor) * engagement[rows]
    where, astray, weeks, accepted = _route(
        rows, need, accept, right_choice, wrong_choice, has_wrong, member, member_misdirection,
        rules[MISDIRECTION], member_delay, rules[DELAY], rules[BOUNCE_DELAY], week,
        dice[ACCEPT], dice[CHOOSE], dice[MISDIRECT], dice[WRONG], dice[DELAY_DIE], dice[BOUNCE])
    n_accepted = np.count_nonzero(accepted)
    made = np.empty(n_accepted, ROW)
    refused = np.empty(len(rows) - n_accepted, ROW)
    a = k = 0
    for i in range(len(rows)):
        if accepted[i]:
            new = made[a]
            a += 1
        else:
            new = refused[k]
            k += 1
        new.family, new.need, new.institution, new.origin = rows[i], need[i], where[i], OPS
        new.stage, new.created, new.ready = TRANSIT, week, np.int32(week) + weeks[i]
        new.queued, new.started, new.misdirected = -1, -1, astray[i]
    counters[slots[MADE]] += len(rows)
    counters[slots[REFUSED]] += len(refused)
    return made, refused


@njit(cache=True)
def _needs_to_refer(met, problems, severity, known_served, team, book_family, book_need,
                    book_origin, can_serve, deduplicate, parallel_limit):
    """(family row, need) pairs to refer, family by family in need order: revealed problems
    (``problems``, per family met) no one is known to serve and no OPS referral covers (nor,
    under deduplication, anyone for a family with a ZZK), most severe first (ties: need order),
    as many as the family's limit (``parallel_limit``, without and with a ZZK) leaves room for
    beside its open OPS referrals. A family's needs are the bits of one integer (bit j: need
    j)."""
    d = severity.shape[1]
    # per family its place in met; the rows of families not met all go to one spare place
    # after met's, so the pass over the book needs no branch
    at = np.full(len(severity), len(met), np.int32)
    at[met] = np.arange(len(met))
    ops_needs = np.zeros(len(met) + 1, np.int64)  # needs an open OPS referral covers
    any_needs = np.zeros(len(met) + 1, np.int64)  # needs any open referral covers
    ops_open = np.zeros(len(met) + 1, np.int64)
    for b in range(len(book_family)):
        i, ops = at[book_family[b]], np.int64(book_origin[b] == OPS)
        need = np.int64(1) << book_need[b]
        any_needs[i] |= need
        ops_needs[i] |= need * ops
        ops_open[i] += ops
    servable = 0
    for j in range(d):
        servable |= np.int64(can_serve[j]) << j
    rows = np.empty(len(met) * d, np.int64)
    needs = np.empty(len(met) * d, np.int64)
    k = 0
    for i in range(len(met)):
        r = met[i]
        room = parallel_limit[np.int64(team[r])] - ops_open[i]
        if room <= 0:
            continue
        served = 0
        for j in range(d):
            served |= np.int64(known_served[r, j]) << j
        covered = served | ops_needs[i] | (any_needs[i] if deduplicate and team[r] else 0)
        picked = _most_severe(problems[i] & servable & ~covered, room, severity[r])
        for j in range(d):
            if picked >> j & 1:
                rows[k] = r
                needs[k] = j
                k += 1
    return rows[:k], needs[:k]


@njit(cache=True, inline="always")
def _most_severe(candidates, room, severity):
    """Of the ``candidates`` (bits of needs), the ``room`` most severe (ties: need order)."""
    n = 0
    for j in range(len(severity)):
        n += candidates >> j & 1
    if n <= room:
        return candidates
    picked = 0
    for _ in range(room):
        best = -1
        for j in range(len(severity)):
            if (candidates >> j & 1 and not picked >> j & 1
                    and (best < 0 or severity[j] > severity[best])):
                best = j
        picked |= np.int64(1) << best
    return picked


@njit(cache=True)
def _route(rows, need, accept, right_choice, wrong_choice, has_wrong, member, member_misdirection,
           misdirection, member_delay, delay, bounce_delay, week, accept_die, choose_die,
           misdirect_die, wrong_die, delay_die, bounce_die):
    """Per referral: where it goes (the institution meant, or astray to one that does not serve
    the need, less often when the one meant is a mature PZK member), whether it went astray,
    the weeks until it is handled (stochastic rounding; a bounce adds its own) and whether the
    family accepts. The institutions are chosen for all referrals at once (one search each,
    :func:`first_above`), those astray after the rest is known."""
    k = len(rows)
    meant = first_above(right_choice, need, cast_pairs(choose_die, week, rows, need))
    astray = np.empty(k, np.bool_)
    weeks = np.empty(k, np.int32)
    accepted = np.empty(k, np.bool_)
    for i in range(k):
        r, j, t = rows[i], need[i], meant[i]
        accepted[i] = cast(accept_die, week, r, j) < accept[i]
        misdirection_t = member_misdirection if member[t] else misdirection
        astray[i] = cast(misdirect_die, week, r, j) < misdirection_t and has_wrong[j]
        weeks[i] = np.int32(np.floor((member_delay if member[t] else delay)
                                     + cast(delay_die, week, r, j)))
        if astray[i]:
            weeks[i] += np.int32(np.floor(bounce_delay + cast(bounce_die, week, r, j)))
    lost = np.flatnonzero(astray)
    where = meant.copy()
    where[lost] = first_above(wrong_choice, need[lost],
                              cast_pairs(wrong_die, week, rows[lost], need[lost]))
    return where, astray, weeks, accepted
