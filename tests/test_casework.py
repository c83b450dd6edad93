"""Casework's week on small hand-made inputs: the workers' hours and burnout, whom they meet
within their hours, which families get a ZZK, how many referrals a family may have open."""

import numpy as np
import pytest
from conftest import hand_made

from sim.agents.social_worker import split_week, wear
from sim.config import SimConfig
from sim.domain import NEED_INDEX, NEEDS
from sim.ordering import rank_within
from sim.population import ACTIVE, EXITED, NO_ONE
from sim.processes.casework import DICE_BLOCK, _meet
from sim.processes.pandemic import NORMAL
from sim.referrals import OPS, TRANSIT
from sim.rng import Streams

INCOME, EMPLOYMENT, HEALTH = (NEED_INDEX[n] for n in ("income", "employment", "health"))
THREE_SECTORS = (INCOME, EMPLOYMENT, HEALTH)  # social_assistance, labour_office, health


def test_a_worker_splits_the_week_and_burns_out_only_when_asked_more_than_the_week():
    cfg = SimConfig().behaviour.workers  # 40 h, 30% administration, 1.5 h a contact, 0.5/week
    caseload = np.array([10, 60, 0])
    admin, coordination, direct, probability, time_factor, max_contacts, pressure = split_week(
        cfg.weekly_hours, cfg.administration_share, np.array([2.0, 40.0, 0.0]), caseload,
        cfg.desired_contacts_per_week, cfg.hours_per_contact)
    assert admin.tolist() == [12.0, 12.0, 12.0]
    assert coordination.tolist() == [2.0, 28.0, 0.0]  # at most what administration leaves
    assert direct.tolist() == [26.0, 0.0, 28.0]
    assert max_contacts.tolist() == [17, 0, 18]
    assert time_factor.tolist() == [1.0, 0.0, 1.0]  # 7.5 h wanted of 26; 45 h of none
    assert probability.tolist() == [0.5, 0.0, 0.5]
    assert np.allclose(pressure, [(12 + 2 + 7.5) / 40, (12 + 40 + 45) / 40, 12 / 40])
    burnout = np.array([0.5, 0.99, 0.0])
    wear(burnout, pressure, cfg.burnout_rate, cfg.burnout_recovery)
    assert burnout[0] < 0.5  # recovers
    assert burnout[1] == 1.0  # grows, at most 1
    assert burnout[2] == 0.0


def test_casework_books_the_workers_hours_and_wears_them_out():
    model = hand_made(families=3, workers=2)
    state = model.state
    force = state.workforce
    force.burnout[:] = 0.5
    model.casework(state, NORMAL, np.zeros(2, np.int64))
    hours = force.hours
    per_contact = SimConfig().behaviour.workers.hours_per_contact
    assert np.allclose(hours["administration"], 12.0)
    assert hours["direct"].sum() == state.counters["contacts"] * per_contact
    assert np.all(force.burnout < 0.5)  # a light week: both recover


@pytest.mark.parametrize("n", [40, 2 * DICE_BLOCK + 17])  # one block of dice, and several
def test_a_worker_with_more_families_than_contacts_meets_as_many_as_the_hours_allow(n):
    rng = np.random.default_rng(3)
    worker = rng.integers(0, 4, n).astype(np.int32)
    status = np.full(n, ACTIVE, np.int8)
    status[::7] = EXITED
    worker[::14] = NO_ONE  # a row with no worker is skipped too
    engagement = rng.random(n)
    probability = np.array([1.0, 0.7, 0.9, 0.4])
    max_contacts = np.array([2, 100, 0, 3]) * (n // 40)
    key = [Streams(5).dice(p).key for p in ("contact", "keep_contact", "contact_order")]
    met = _meet(status, worker, engagement, 0.4, probability, max_contacts, 9, *key)
    assert np.all(np.diff(met) > 0) and np.all(status[met] == ACTIVE)
    # the rule as it was written before: every family that wanted a contact, ranked within its
    # worker by the contact-order die, met below the worker's limit
    dice = Streams(5).dice
    wanting = np.flatnonzero((status == ACTIVE)
                             & (dice("contact")(9, np.arange(n)) < probability[worker])
                             & (dice("keep_contact")(9, np.arange(n)) < 0.4 + 0.6 * engagement))
    order, rank = rank_within(worker[wanting], dice("contact_order")(9, wanting))
    ranked = wanting[order]
    assert met.tolist() == sorted(ranked[rank < max_contacts[worker[ranked]]].tolist())
    per_worker = np.bincount(worker[met], minlength=4)
    assert per_worker[0] == max_contacts[0] and per_worker[2] == 0  # limits bind
    assert per_worker[1] == np.sum(worker[wanting] == 1)  # room for all who wanted


def form_teams(model, met):
    problems = model.casework.known_problems(model.state, met)
    model.casework.form_teams(model.state, met, problems)


def refer(model, met):
    model.casework.refer(model.state, met, model.casework.known_problems(model.state, met))


def problems(model, row, needs, level=0.6):
    fam = model.state.families
    for j in needs:
        fam.severity[row, j] = level
        fam.revealed[row, j] = True


def test_a_team_forms_only_under_a_worker_with_a_free_slot_and_after_the_reform_gap():
    model = hand_made(families=4, workers=2, scenario__zzk__max_teams_per_worker=1,
                      scenario__zzk__reform_gap_weeks=10)
    state = model.state
    fam, force = state.families, state.workforce
    fam.worker[:4] = [0, 0, 1, 1]
    for row in range(4):
        problems(model, row, THREE_SECTORS)
    force.teams[:] = [1, 0]  # worker 0 leads as many teams as it may
    fam.team_ended[2] = 0  # family 2's last team ended a week ago: within the gap
    form_teams(model, np.arange(4))
    assert fam.team[:4].tolist() == [False, False, False, True]
    assert force.teams.tolist() == [1, 1]
    assert fam.team_goals[3, list(THREE_SECTORS)].all() and fam.team_goals[3].sum() == 3


def test_a_family_has_one_referral_open_at_a_time_unless_its_team_runs_them_in_parallel():
    model = hand_made(families=2, behaviour__families__acceptance_floor=1.0,
                      scenario__zzk__parallel_referrals=2)
    state = model.state
    fam, book = state.families, state.referrals
    for row in range(2):
        problems(model, row, THREE_SECTORS)
        fam.severity[row, HEALTH] = 0.9  # the most severe
    fam.team[1] = True
    refer(model, np.arange(2))
    assert book["family"].tolist() == [0, 1, 1]
    assert book["need"].tolist() == [HEALTH, INCOME, HEALTH]  # in need order; ties: the first
    assert np.all(book["origin"] == OPS) and np.all(book["stage"] == TRANSIT)
    assert state.counters["referrals_made"] == 3 and state.counters["referrals_refused"] == 0
    refer(model, np.arange(2))  # the open referrals leave no room
    assert len(book) == 3


def test_the_open_referrals_of_families_not_met_take_no_room_from_those_met():
    model = hand_made(families=3, behaviour__families__acceptance_floor=1.0)
    state = model.state
    book = state.referrals
    for row in range(3):
        problems(model, row, THREE_SECTORS)
    refer(model, np.array([0, 2]))
    assert book["family"].tolist() == [0, 2]
    refer(model, np.array([1]))  # family 1's room is its own
    assert book["family"].tolist() == [0, 1, 2]


def test_met_families_gain_trust_the_others_in_assistance_drift_and_those_who_left_keep_it():
    from sim.processes.casework import _build_trust

    status = np.array([ACTIVE, ACTIVE, EXITED, ACTIVE, ACTIVE], np.int8)
    worker = np.array([0, 1, -1, 0, 1], np.int32)
    engagement = np.full(5, 0.5)
    quality = np.array([1.0, 0.5])
    _build_trust(np.array([1, 4]), worker, quality, 0.2, 0.9, engagement, status)
    assert engagement.tolist() == [0.45, 0.55, 0.5, 0.45, 0.55]


def test_the_family_table_is_sized_for_the_run_and_does_not_grow_during_it():
    from sim.model import KooperacjeModel
    from sim.processes.arrivals import rows_needed

    model = KooperacjeModel(seed=3, weeks=52)
    table = model.state.families
    capacity, severity = len(table.status), table.severity
    model.run()
    assert capacity == rows_needed(model.cfg) > table.n > model.cfg.municipality.initial_families
    assert table.severity is severity  # never reallocated


def test_the_groups_counted_per_worker_add_up_to_the_groups_at_work():
    from sim.processes.statutory import _TOTAL_ONLY, _count_groups

    procedure_weeks = np.array([3, 0, 1, 2, 5], np.int32)
    status = np.array([ACTIVE, ACTIVE, ACTIVE, EXITED, ACTIVE], np.int8)
    worker = np.array([1, 0, 1, -1, 0], np.int32)
    per_worker = np.zeros(2, np.int64)
    assert _count_groups(procedure_weeks, status, worker, per_worker) == 3
    assert per_worker.tolist() == [1, 2]
    assert _count_groups(procedure_weeks, status, worker, _TOTAL_ONLY) == 3


def test_a_family_hides_a_problem_only_with_a_problem_need_its_worker_does_not_know():
    from sim.population import hides_problems

    severity = np.array([[0.9, 0.1, 0.0], [0.9, 0.1, 0.0], [0.2, 0.3, 0.0]])
    revealed = np.array([[True, False, False], [False, False, False], [False, False, False]])
    found = [hides_problems(r, severity, revealed, 0.25) for r in range(3)]
    assert found == [False, True, True]  # known / hidden / 0.3 above the threshold, hidden


def test_the_diagnosis_returns_each_met_familys_known_problems_with_those_it_brought_to_light():
    from sim.processes.casework import _diagnose

    severity = np.full((2, len(NEEDS)), 0.1)
    revealed = np.zeros((2, len(NEEDS)), bool)
    severity[0, [INCOME, EMPLOYMENT, HEALTH]] = 0.6, 0.2, 0.7
    revealed[0, [INCOME, EMPLOYMENT]] = True
    severity[1, [INCOME, EMPLOYMENT]] = 0.6
    p = np.array([1.0, 0.0])  # worker 0 finds every hidden problem, worker 1 none
    key = Streams(5).dice("diagnosis").key
    found, problems = _diagnose(np.array([0, 1]), np.array([0, 1], np.int32), p, severity,
                                revealed, 0.5, 3, key)
    assert found == 1 and np.flatnonzero(revealed[0]).tolist() == [INCOME, EMPLOYMENT, HEALTH]
    # bit j: need j; family 0's employment is known but no problem, family 1's stay hidden
    assert problems.tolist() == [(1 << INCOME) | (1 << HEALTH), 0]
    assert not revealed[1].any()
