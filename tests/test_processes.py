"""Each process of the weekly schedule, on a hand-made state of a few families (no model)."""

import numpy as np
import pytest
from conftest import hand_made_state

from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import TaskTeams
from sim.domain import CRISES, CRISIS_TRIGGER, NEED_INDEX, SECTOR_INDEX, SECTORS
from sim.metrics import WEEKLY_COUNTS
from sim.model import SCHEDULE
from sim.population import ACTIVE, EXITED
from sim.processes.arrivals import Arrivals
from sim.processes.basket import BasketReview
from sim.processes.casework import Casework
from sim.processes.crises import Crises, hazard
from sim.processes.exits import Exits
from sim.processes.needs import NeedsEvolve
from sim.processes.observation import Observation, Observations
from sim.processes.pandemic import NORMAL, Pandemic
from sim.processes.services import Services
from sim.referrals import OPS, OWN, QUEUED, SERVING, TRANSIT
from sim.rng import PURPOSES
from sim.state import Counters, State

INCOME, HOUSING, HEALTH = NEED_INDEX["income"], NEED_INDEX["housing"], NEED_INDEX["health"]


def cooperation(cfg, state):
    return (Partnership(cfg.scenario.pzk, cfg.behaviour.services, state.institutions.sector),
            TaskTeams(cfg.scenario.zzk, state.programmes.lead_sector),
            ClientWork(cfg.scenario.client_work))


def test_every_process_declares_what_it_reports_and_may_not_draw_undeclared_streams():
    declared = {c for process in SCHEDULE for c in process.counters} | set(State.counters_declared)
    assert set(WEEKLY_COUNTS) <= declared
    streams = [s for process in SCHEDULE for s in process.streams]
    assert len(streams) == len(set(streams))  # each stream belongs to one process
    assert set(streams) | {"population", "skill"} == set(PURPOSES)
    cfg, rng, _ = hand_made_state()
    with pytest.raises(KeyError, match="did not declare the random stream 'shocks'"):
        Exits(cfg, rng).key["shocks"]
    with pytest.raises(KeyError, match="did not declare the random stream 'inflow'"):
        Exits(cfg, rng).generator("inflow")
    with pytest.raises(KeyError, match="'contactz' is not declared"):
        Counters(["contacts"]).add("contactz", 1)


def test_arrivals_follow_the_rate_and_get_the_least_loaded_worker():
    cfg, rng, state = hand_made_state(workers=2, families=4)
    state.families.worker[:4] = 0  # all on worker 0 (as if assigned before)
    state.workforce.caseload[:] = [4, 0]
    arrivals = Arrivals(cfg, rng)
    arrivals.weekly_rate = 3.0
    total = 0
    for week in range(1, 21):
        state.now = week
        state.counters.reset()
        arrivals(state)
        total += state.counters["inflow"]
    assert state.families.n == 4 + total and 30 < total < 90
    new = state.families.view("worker")[4:]
    assert abs(int((new == 1).sum()) - int((new == 0).sum())) <= 4  # balanced toward worker 1


def test_pandemic_raises_needs_once_and_sets_conditions_while_it_lasts():
    cfg, _, state = hand_made_state(behaviour__pandemic__start_week=3,
                              behaviour__pandemic__duration_weeks=2)
    state.families.severity[0, INCOME] = 0.4
    pandemic = Pandemic(cfg)
    jump = cfg.behaviour.pandemic.need_jump["income"]
    seen = []
    for week in range(1, 7):
        state.now = week
        seen.append(pandemic(state))
    assert seen[0] is NORMAL and seen[4] is NORMAL
    assert seen[2].capacity == cfg.behaviour.pandemic.capacity_factor < 1
    assert state.families.severity[0, INCOME] == pytest.approx(0.4 + jump)
    assert state.families.severity[1].sum() == 0  # no need, nothing to raise


def test_served_needs_do_not_drift_unserved_ones_do():
    cfg, rng, state = hand_made_state(families=2)
    for shock in cfg.behaviour.needs.shocks.values():
        shock.weekly_probability = 0.0
    state.families.severity[:2, INCOME] = 0.5
    state.referrals.add(family=np.array([0]), need=np.array([INCOME]), institution=0,
                        origin=OPS, stage=SERVING, created=1, ready=1, queued=1, started=1,
                        misdirected=False)
    NeedsEvolve(cfg, rng)(state)
    drift = cfg.behaviour.needs.drift["income"] * 0.5 - cfg.behaviour.needs.recovery["income"]
    assert state.families.severity[0, INCOME] == 0.5
    assert state.families.severity[1, INCOME] == pytest.approx(0.5 + drift)


def test_only_an_unserved_need_above_the_threshold_spills_over_and_only_into_eligible_needs():
    cfg, rng, state = hand_made_state(families=4)
    needs = cfg.behaviour.needs
    for shock in needs.shocks.values():
        shock.weekly_probability = 0.0
    needs.spillover = {"employment>income": 0.5}
    employment = NEED_INDEX["employment"]
    fam = state.families
    fam.eligible[:4] = True
    fam.eligible[3, INCOME] = False
    fam.severity[:4, employment] = [0.9, 0.9, needs.spillover_threshold, 0.9]
    state.referrals.add(family=np.array([1]), need=np.array([employment]), institution=0,
                        origin=OPS, stage=SERVING, created=1, ready=1, queued=1, started=1,
                        misdirected=False)
    NeedsEvolve(cfg, rng)(state)
    spilled = 0.5 * (0.9 - needs.spillover_threshold)
    assert fam.severity[:4, INCOME].tolist() == [pytest.approx(spilled), 0.0, 0.0, 0.0]


def test_severity_stays_within_0_and_1_without_a_shock():
    cfg, rng, state = hand_made_state(families=2)
    for shock in cfg.behaviour.needs.shocks.values():
        shock.weekly_probability = 0.0
    fam = state.families
    fam.severity[:2, INCOME] = [1.0, 1e-6]  # drift raises the first, recovery lowers the second
    NeedsEvolve(cfg, rng)(state)
    assert fam.severity[:2, INCOME].tolist() == [1.0, 0.0]


def test_an_assisted_family_s_parenting_does_not_drift_and_every_shock_is_counted():
    cfg, rng, state = hand_made_state(families=2)
    parenting = NEED_INDEX["parenting"]
    for shock in cfg.behaviour.needs.shocks.values():
        shock.weekly_probability = 1.0
    fam = state.families
    fam.eligible[:2] = True
    fam.severity[:2, parenting] = 0.5
    fam.assisted[:2] = [True, False]
    NeedsEvolve(cfg, rng)(state)
    rise = sum(s.needs.get("parenting", 0.0) for s in cfg.behaviour.needs.shocks.values())
    drift = cfg.behaviour.needs.drift["parenting"] * 0.5 - cfg.behaviour.needs.recovery["parenting"]
    assert fam.severity[0, parenting] == pytest.approx(min(0.5 + rise, 1.0))
    assert fam.severity[1, parenting] == pytest.approx(min(0.5 + drift + rise, 1.0))
    assert state.counters["shocks"] == 2 * len(cfg.behaviour.needs.shocks)


def test_hospitalisation_is_seen_by_the_hospital_not_the_worker():
    cfg, rng, state = hand_made_state(families=2)
    cfg.behaviour.needs.crisis_hazard["hospitalisation"] = 50.0
    state.families.severity[0, HEALTH] = 0.95
    seen = Crises(cfg, rng)(state)
    assert state.counters["crises_hospitalisation"] == 1
    assert not state.families.revealed[0, HEALTH]
    assert seen.rows.tolist() == [0] and seen.needs.tolist() == [HEALTH]
    assert state.institutions.sector[seen.institution[0]] == SECTOR_INDEX["health"]
    assert state.crisis_log[0][2] == "hospitalisation"


def test_a_crisis_brings_a_family_that_left_back_to_assistance():
    cfg, rng, state = hand_made_state(families=2)
    cfg.behaviour.needs.crisis_hazard["eviction"] = 50.0
    state.discharge(np.array([1]))
    state.families.severity[1, HOUSING] = 0.95
    Crises(cfg, rng)(state)
    assert state.families.status[1] == ACTIVE and state.families.revealed[1, HOUSING]
    assert state.counters["reentries"] == 1 and state.families.shelter_weeks[1] > 0


def test_two_crises_in_one_week_bring_a_family_back_once_and_are_paid_under_their_needs():
    cfg, rng, state = hand_made_state(families=2)
    for crisis in ("eviction", "hospitalisation"):
        cfg.behaviour.needs.crisis_hazard[crisis] = 50.0
    state.discharge(np.array([1]))
    state.families.severity[1, [HOUSING, HEALTH]] = 0.95
    state.counters.reset()
    Crises(cfg, rng)(state)
    c, costs = state.counters, cfg.costs
    assert [kind for _, _, kind in state.crisis_log] == ["eviction", "hospitalisation"]
    assert c["reentries"] == 1 and state.families.reentries[1] == 1
    assert [kind for _, _, kind in state.movement_log].count("reentry") == 1
    hospital = costs.hospital_day * costs.hospital_days
    assert c["cost_crises"] == costs.eviction + hospital + costs.shelter_week
    assert c["cost_crises_housing"] == costs.eviction + costs.shelter_week
    assert c["cost_crises_health"] == hospital and c["crisis_events_health"] == 1
    assert c["in_shelter"] == 1
    relief = 1 - cfg.behaviour.needs.crisis_relief
    assert state.families.severity[1, HOUSING] == pytest.approx(0.95 * relief)
    assert state.families.shelter_weeks[1] == round(costs.shelter_weeks) - 1  # a week passed


def test_a_placement_needs_children_and_a_crisis_recurs_only_after_its_cooldown():
    cfg, rng, state = hand_made_state(families=2)
    for crisis in ("niebieska_karta", "foster_care"):
        cfg.behaviour.needs.crisis_hazard[crisis] = 50.0
    fam = state.families
    fam.children[:2] = [True, False]
    fam.severity[:2, [NEED_INDEX["parenting"], NEED_INDEX["violence"]]] = 0.9
    crises, placed, blue_cards = Crises(cfg, rng), [], []
    for week in range(1, cfg.behaviour.needs.crisis_cooldown_weeks + 3):
        state.now = week
        state.counters.reset()
        crises(state)
        placed.append(state.counters["in_foster_care"])
        blue_cards.append(int(state.counters["crises_niebieska_karta"]))
    assert fam.crises[:2, CRISES.index("foster_care")].tolist() == [1, 0]
    assert placed[0] == 1 and fam.engagement[0] < fam.engagement[1]
    assert state.counters["children_in_foster_care"] == cfg.costs.children_per_placement
    cooldown = cfg.behaviour.needs.crisis_cooldown_weeks
    assert blue_cards[0] == 2 and blue_cards[cooldown] == 2 and sum(blue_cards) == 4


def test_crises_strike_exactly_the_families_whose_die_falls_below_their_hazard():
    """Only the families whose die is below the crisis's hazard at severity 1 get a risk
    computed: the struck ones must be those of the rule applied to every exposed family."""
    cfg, rng, state = hand_made_state(families=400)
    for crisis in CRISES:
        cfg.behaviour.needs.crisis_hazard[crisis] = 0.6
    fam = state.families
    fam.severity[:400] = np.random.default_rng(3).random((400, len(NEED_INDEX)))
    fam.children[:400] = True
    needs, before = cfg.behaviour.needs, fam.severity[:400].copy()
    crises = Crises(cfg, rng)
    dice = rng.dice("crisis")
    expected = []
    for c, name in enumerate(CRISES):
        triggers = [NEED_INDEX[n] for n in CRISIS_TRIGGER[name]]
        worst = before[:, triggers].max(axis=1)
        risk = hazard(worst, needs.crisis_hazard[name], needs.crisis_steepness[name])
        u = dice(state.now, np.arange(400), c)
        expected.append(np.flatnonzero((worst > 0) & (u < risk)).tolist())
    crises(state)
    struck = {kind: rows.tolist() for _, rows, kind in state.crisis_log}
    assert [struck.get(name, []) for name in CRISES] == expected
    assert sum(map(len, expected)) > 50  # enough strikes to mean something


def test_pzk_member_passes_what_it_saw_to_the_worker_siloed_institution_does_not():
    for name, expected in (("pzk", True), ("siloed", False)):
        cfg, rng, state = hand_made_state(name, families=1,
                                    scenario__pzk__information_sharing=1.0,
                                    scenario__pzk__initial_maturity=1.0)
        partnership, teams, _ = cooperation(cfg, state)
        state.families.severity[0, HEALTH] = 0.7
        hospital = np.flatnonzero(state.institutions.sector == SECTOR_INDEX["health"])[0]
        seen = Observations(np.array([0]), np.array([HEALTH]), np.array([hospital]))
        reports = Observation(cfg, rng, partnership, teams)(state, seen)
        assert bool(state.families.revealed[0, HEALTH]) is expected
        assert reports[0] == (1 if expected else 0)


def _seen(*triples):
    """Observations from (family row, need, institution) triples."""
    rows, needs, who = (np.array(column, np.int64) for column in zip(*triples))
    return Observations(rows, needs, who)


def _own_rows(state):
    book = state.referrals
    own = book["origin"] == OWN
    return list(zip(book["family"][own].tolist(), book["need"][own].tolist(),
                    book["institution"][own].tolist()))


def test_an_institution_starts_serving_what_it_saw_once_per_need_unless_one_already_does():
    cfg, rng, state = hand_made_state(families=3, behaviour__services__own_initiative=1.0)
    partnership, teams, _ = cooperation(cfg, state)
    sector = state.institutions.sector
    hospital, other_hospital = np.flatnonzero(sector == SECTOR_INDEX["health"])[:2]
    labour_office = np.flatnonzero(sector == SECTOR_INDEX["labour_office"])[0]
    state.referrals.add(family=np.array([0]), need=np.array([INCOME]),
                        institution=np.array([labour_office]), origin=OWN, stage=SERVING,
                        created=0, ready=0, queued=0, started=0, misdirected=False)
    seen = _seen((2, HEALTH, other_hospital), (1, HEALTH, hospital), (1, HEALTH, other_hospital),
                 (0, INCOME, labour_office),  # already served on its own
                 (0, HOUSING, hospital))  # a hospital does not serve housing
    Observation(cfg, rng, partnership, teams)(state, seen)
    assert _own_rows(state) == [(0, INCOME, labour_office), (1, HEALTH, hospital),
                                (2, HEALTH, other_hospital)]
    assert state.counters["own_initiative_services"] == 2
    assert state.counters["observations"] == 5
    assert state.counters["shared_reports"] == 0  # siloed: the worker learns nothing


def test_under_a_deduplicating_zzk_plan_no_institution_starts_what_a_referral_covers():
    for in_team, started in ((True, False), (False, True)):
        cfg, rng, state = hand_made_state("pzk_zzk", families=1,
                                    behaviour__services__own_initiative=1.0)
        partnership, teams, _ = cooperation(cfg, state)
        hospital = np.flatnonzero(state.institutions.sector == SECTOR_INDEX["health"])[0]
        state.families.team[0] = in_team
        state.referrals.add(family=np.array([0]), need=np.array([HEALTH]),
                            institution=np.array([hospital]), origin=OPS, stage=QUEUED,
                            created=0, ready=0, queued=0, started=-1, misdirected=False)
        Observation(cfg, rng, partnership, teams)(state, _seen((0, HEALTH, hospital)))
        assert (len(_own_rows(state)) == 1) is started


def test_a_shared_report_tells_the_worker_an_institution_serves_the_need_on_its_own():
    cfg, rng, state = hand_made_state("pzk", families=2, workers=2,
                                behaviour__services__own_initiative=1.0,
                                scenario__pzk__information_sharing=1.0,
                                scenario__pzk__initial_maturity=1.0,
                                scenario__pzk__excluded=["housing"])
    partnership, teams, _ = cooperation(cfg, state)
    sector = state.institutions.sector
    hospital = np.flatnonzero(sector == SECTOR_INDEX["health"])[0]
    housing = np.flatnonzero(sector == SECTOR_INDEX["housing"])[0]
    fam = state.families
    reports = Observation(cfg, rng, partnership, teams)(
        state, _seen((0, HEALTH, hospital), (1, HOUSING, hospital), (1, HEALTH, housing)))
    assert fam.revealed[0, HEALTH] and fam.known_served[0, HEALTH]  # started this week
    assert fam.revealed[1, HOUSING] and not fam.known_served[1, HOUSING]  # seen, not served
    assert not fam.revealed[1, HEALTH]  # the housing department is not a member of the PZK
    assert reports.tolist() == [int(fam.worker[0] == w) + int(fam.worker[1] == w)
                                for w in range(2)]
    assert state.counters["shared_reports"] == 2


def test_a_worker_meets_families_within_direct_hours_and_refers_revealed_problems():
    cfg, rng, state = hand_made_state(families=3, behaviour__families__acceptance_floor=1.0,
                                behaviour__families__keep_contact_floor=1.0,
                                behaviour__workers__desired_contacts_per_week=1.0)
    partnership, teams, client_work = cooperation(cfg, state)
    casework = Casework(cfg, rng, partnership, teams, client_work)
    state.families.severity[0, INCOME] = 0.6
    state.families.revealed[0, INCOME] = True
    casework(state, NORMAL, np.zeros(1, np.int64))
    assert state.counters["contacts"] == 3  # three families fit in one worker's hours
    book = state.referrals
    assert len(book) == 1 and book["family"][0] == 0 and book["need"][0] == INCOME
    assert book["stage"][0] == TRANSIT and book["ready"][0] >= state.now


def test_an_institution_admits_first_come_first_served_within_its_capacity():
    cfg, rng, state = hand_made_state(families=3, behaviour__services__dropout=0.0)
    partnership, _, client_work = cooperation(cfg, state)
    inst = state.institutions
    inst.capacity[:] = 0
    inst.capacity[0] = 1
    basket = Basket(cfg.scenario.pzk.basket, partnership, inst.capacity, inst.effect)
    for family, queued in ((0, 1), (1, 0), (2, 1)):
        state.families.severity[family, INCOME] = 0.6
        state.referrals.add(family=np.array([family]), need=np.array([INCOME]), institution=0,
                            origin=OPS, stage=QUEUED, created=queued, ready=queued,
                            queued=queued, started=-1, misdirected=False)
    Services(cfg, rng, client_work, basket)(state, NORMAL)
    book = state.referrals
    serving = book["family"][book["stage"] == SERVING].tolist()
    assert serving == [1]  # the one queued first
    assert state.counters["queue_length"] == 2
    assert state.families.severity[1, INCOME] < 0.6 == state.families.severity[0, INCOME]


def serve_twice(severity):
    """Family 0's income served by two institutions, the worse one first in the book, and
    referred to a third with no place; family 1's income served by one. Returns the state
    after the services' week and the relief each institution brings."""
    cfg, rng, state = hand_made_state(families=2, behaviour__services__dropout=0.0)
    partnership, _, client_work = cooperation(cfg, state)
    inst = state.institutions
    effect = inst.effect[:, INCOME]
    better = int(np.argmax(effect))
    worse = int(np.flatnonzero((effect > 0.0) & (effect < effect[better]))[0])
    full = int(np.flatnonzero(inst.effect[:, INCOME] == 0.0)[0])
    inst.capacity[full] = 0
    state.families.severity[:2, INCOME] = severity
    for family, institution, stage in ((0, worse, SERVING), (0, full, QUEUED),
                                       (1, better, SERVING), (0, better, SERVING)):
        state.referrals.add(family=np.array([family]), need=np.array([INCOME]),
                            institution=institution, origin=OPS, stage=stage, created=1, ready=1,
                            queued=1, started=1, misdirected=False)
    basket = Basket(cfg.scenario.pzk.basket, partnership, inst.capacity, inst.effect)
    Services(cfg, rng, client_work, basket)(state, NORMAL)
    floor = cfg.behaviour.services.engagement_effect_floor
    relief = inst.effect[:, INCOME] * (floor + (1 - floor) * 0.5)
    return state, relief[worse], relief[better]


def test_two_services_of_a_need_help_as_much_as_the_better_one():
    state, worse, better = serve_twice(0.9)
    assert 0.0 < worse < better
    assert state.families.severity[0, INCOME] == 0.9 - better
    assert state.families.severity[1, INCOME] == 0.9 - better
    assert state.counters["duplicate_service_weeks"] == 1
    assert state.counters["service_weeks"] == 3
    assert len(state.referrals) == 4


def test_a_completed_need_closes_its_referrals_still_waiting():
    state, _, better = serve_twice(0.21)  # the better relief brings it below 0.2
    assert state.counters["referrals_completed"] == 3  # both of family 0's services, family 1's
    assert len(state.referrals) == 0  # the referral queued for family 0's income closed too
    outcomes = state.referrals.log_frame(state.institutions.sector, SECTORS)["outcome"]
    assert outcomes.tolist().count("closed") == 1


def basket_state(name, families=3, **overrides):
    """Two institutions serve income: the OPS (index 0, one place) and an NGO (one place)."""
    cfg, rng, state = hand_made_state(name, families=families, behaviour__services__dropout=0.0,
                                **overrides)
    inst = state.institutions
    ngo = int(np.flatnonzero(inst.sector == SECTOR_INDEX["ngo"])[0])
    inst.capacity[:] = 0
    inst.capacity[[0, ngo]] = 1
    partnership, _, client_work = cooperation(cfg, state)
    basket = Basket(cfg.scenario.pzk.basket, partnership, inst.capacity, inst.effect)
    return cfg, rng, state, partnership, client_work, basket, ngo


def queue_at_ops(state, families, need=INCOME):
    for family in families:
        state.families.severity[family, need] = 0.6
        state.referrals.add(family=np.array([family]), need=np.array([need]), institution=0,
                            origin=OPS, stage=QUEUED, created=1, ready=1, queued=1, started=-1,
                            misdirected=False)


def test_a_member_with_a_free_place_takes_over_a_referral_queued_at_a_full_member():
    for name, taken in (("pzk", True), ("siloed", False), ("costs_only", False)):
        cfg, rng, state, _, client_work, basket, ngo = basket_state(
            name, scenario__pzk__basket__take_over=1.0)
        queue_at_ops(state, [0, 1])
        unmet = Services(cfg, rng, client_work, basket)(state, NORMAL)
        book = state.referrals
        serving = book["stage"] == SERVING
        assert serving.sum() == (2 if taken else 1), name
        assert (book["institution"][serving] == ngo).any() == taken
        assert state.counters["basket_take_overs"] == int(taken)
        assert unmet[INCOME] == state.counters["unmet_income"] == (0 if taken else 1)


def test_a_member_takes_over_only_needs_it_serves_and_only_within_its_free_places():
    cfg, rng, state, _, client_work, basket, ngo = basket_state(
        "pzk", families=4, scenario__pzk__basket__take_over=1.0)
    queue_at_ops(state, [0, 1, 2])  # the OPS takes one, the NGO one, one waits
    queue_at_ops(state, [3], need=HEALTH)  # nobody with a place serves health
    unmet = Services(cfg, rng, client_work, basket)(state, NORMAL)
    assert state.counters["basket_take_overs"] == 1
    assert unmet[INCOME] == 1 and unmet[HEALTH] == 1 and state.counters["queue_length"] == 2


def test_a_stale_basket_shares_no_places():
    cfg, rng, state, _, client_work, basket, _ = basket_state(
        "pzk", scenario__pzk__basket__take_over=1.0)
    basket.currency = 0.0
    queue_at_ops(state, [0, 1])
    Services(cfg, rng, client_work, basket)(state, NORMAL)
    assert state.counters["basket_take_overs"] == 0


def test_a_persistent_gap_gets_new_places_that_ramp_up_at_a_cost():
    cfg, rng, state, partnership, _, basket, _ = basket_state(
        "pzk", scenario__pzk__basket__gap_weeks=4, scenario__pzk__basket__ramp_up_weeks=4,
        scenario__pzk__basket__staleness=0.0, scenario__pzk__basket__extension_share=0.5,
        scenario__pzk__basket__max_extension=10.0)
    review = BasketReview(cfg, basket, partnership.leader)
    unmet = np.zeros(len(NEED_INDEX), np.int64)
    unmet[INCOME] = 4
    capacity = []
    for week in range(1, 14):
        state.now = week
        state.counters.reset()
        gap = unmet.copy()
        gap[HOUSING] = week % 2  # waiting only every other week: not persistent
        review(state, gap)
        capacity.append(int(state.institutions.capacity[0]))
        if week == 4:
            places = state.counters["basket_places"]
            assert places == 2 and state.counters["basket_services"] == 1  # 0.5 x 4 waiting
            assert state.counters["cost_services_income"] == 2 * 5000.0
            assert state.counters["cost_services_housing"] == 0
    assert capacity[:8] == [1, 1, 1, 1, 2, 2, 3, 3]  # whole places, full 4 weeks after week 4
    # the gap is judged again a full window after the new places are all open
    assert [c[:3] for c in basket.commissions] == [(4, 0, INCOME), (12, 0, INCOME)]


def test_without_a_pzk_the_basket_review_changes_nothing():
    cfg, rng, state, partnership, _, basket, _ = basket_state("siloed")
    review = BasketReview(cfg, basket, partnership.leader)
    before = state.institutions.capacity.copy()
    for week in range(1, 30):
        state.now = week
        review(state, np.full(len(NEED_INDEX), 5))
    assert (state.institutions.capacity == before).all() and not basket.commissions


def test_a_family_leaves_after_enough_calm_weeks_and_comes_back_when_a_need_grows():
    cfg, rng, state = hand_made_state(families=2, behaviour__families__reentry_probability=1.0)
    exits = Exits(cfg, rng)
    state.families.severity[1, INCOME] = 0.6
    for week in range(1, cfg.behaviour.families.weeks_to_independence + 1):
        state.now = week
        exits(state)
    assert state.families.status[:2].tolist() == [EXITED, ACTIVE]
    assert state.counters["exits"] == 1 and state.workforce.caseload[0] == 1
    state.families.severity[0, INCOME] = 0.9
    exits(state)
    assert state.families.status[0] == ACTIVE and state.families.reentries[0] == 1


def test_the_logs_keep_each_week_s_crises_and_exits_as_they_were():
    """Crises find their rows in buffers reused every week: what the logs keep of a week stays
    as it was in the weeks after."""
    cfg, rng, state = hand_made_state(families=2)
    cfg.behaviour.needs.crisis_hazard["eviction"] = 50.0
    crises, exits, fam = Crises(cfg, rng), Exits(cfg, rng), state.families
    fam.severity[0, HOUSING] = 0.95
    crises(state)
    fam.severity[:2] = 0.0
    fam.severity[1, INCOME] = 0.6
    calm = cfg.behaviour.families.weeks_to_independence
    for week in range(2, 2 + 2 * calm):  # family 0 leaves, then family 1
        state.now = week
        if week == 2 + calm:
            fam.severity[1, HOUSING] = 0.95
            crises(state)
            fam.severity[1] = 0.0
        exits(state)
    assert [(w.tolist(), r.tolist(), kind) for w, r, kind in state.crisis_log] == [
        ([1], [0], "eviction"), ([2 + calm], [1], "eviction")]
    assert [(r.tolist(), kind) for _, r, kind in state.movement_log if kind == "exit"] == [
        ([0], "exit"), ([1], "exit")]


def test_config_defaults_do_not_leak_between_instances():
    one = SimConfig()
    one.municipality.institutions["health"].count = 99
    one.behaviour.needs.crisis_hazard[CRISES[0]] = 9.0
    other = SimConfig()
    assert other.municipality.institutions["health"].count != 99
    assert other.behaviour.needs.crisis_hazard[CRISES[0]] != 9.0


def test_routine_noticing_casts_the_dice_of_problem_needs_of_active_families_only():
    from sim.processes.observation import _noticed
    from sim.rng import Dice

    gen = np.random.default_rng(5)
    severity = gen.random((40, 6))
    status = np.where(gen.random(40) < 0.7, ACTIVE, EXITED).astype(np.int8)
    rate, threshold, week, die = gen.random(6) + 0.5, 0.4, 7, Dice(np.uint64(12345))
    rows, needs, again = _noticed(severity, status, rate, threshold, week, die.key,
                                  np.empty(severity.size, np.int64), np.empty(severity.size))
    expected = []
    for r, j in np.argwhere((severity > threshold) & (status == ACTIVE)[:, None]):
        u, p = die(week, np.array([r]), j)[0], rate[j] * severity[r, j]
        if u < p:
            expected.append((r, j, u / p))
    assert 0 < len(expected) < (severity > threshold).sum()
    assert list(zip(rows.tolist(), needs.tolist(), again.tolist())) == expected


def test_the_cells_coded_for_a_week_s_observations_are_blank_again_after_it():
    cfg, rng, state = hand_made_state(families=3, behaviour__services__own_initiative=1.0)
    partnership, teams, _ = cooperation(cfg, state)
    hospital = np.flatnonzero(state.institutions.sector == SECTOR_INDEX["health"])[0]
    state.referrals.add(family=np.array([0, 1, 2]), need=np.array([HEALTH, HEALTH, INCOME]),
                        institution=np.array([hospital] * 3), origin=np.array([OWN, OPS, OWN]),
                        stage=SERVING, created=0, ready=0, queued=0, started=0,
                        misdirected=False)
    observation = Observation(cfg, rng, partnership, teams)
    observation(state, _seen((0, HEALTH, hospital), (1, HEALTH, hospital), (2, HEALTH, hospital)))
    started = [(1, HEALTH, hospital), (2, HEALTH, hospital)]  # none for family 0: it has one
    assert sorted(_own_rows(state)) == sorted([(0, HEALTH, hospital), (2, INCOME, hospital),
                                               *started])
    assert not observation._cell.any()
