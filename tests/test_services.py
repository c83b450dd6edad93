"""The services' week on hand-made books: which rows a completed need closes, and how a need
served twice falls, wherever its rows sit among the family's rows."""

import numpy as np
from conftest import hand_made_state

from sim.cooperation.basket import Basket
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.domain import NEED_INDEX
from sim.processes.pandemic import NORMAL
from sim.processes.services import Services
from sim.referrals import OPS, QUEUED, SERVING, TRANSIT

INCOME, HOUSING = NEED_INDEX["income"], NEED_INDEX["housing"]


def serve(state, cfg, rng, rows, misdirected=False):
    """Book ``rows`` (family, need, institution, stage), in this order, and serve one week."""
    for family, need, institution, stage in rows:
        state.referrals.add(family=np.array([family]), need=np.array([need]),
                            institution=institution, origin=OPS, stage=stage, created=1, ready=1,
                            queued=1, started=1, misdirected=misdirected)
    partnership = Partnership(cfg.scenario.pzk, cfg.behaviour.services, state.institutions.sector)
    inst = state.institutions
    basket = Basket(cfg.scenario.pzk.basket, partnership, inst.capacity, inst.effect)
    Services(cfg, rng, ClientWork(cfg.scenario.client_work), basket)(state, NORMAL)


def institutions(state, need):
    """The best institution serving ``need`` and one that does not serve it, with no place."""
    effect = state.institutions.effect[:, need]
    full = int(np.flatnonzero(effect == 0.0)[0])
    state.institutions.capacity[full] = 0
    return int(np.argmax(effect)), full


def test_a_completed_need_closes_only_its_own_familys_waiting_referrals_of_that_need():
    cfg, rng, state = hand_made_state(families=2, behaviour__services__dropout=0.0)
    best, full = institutions(state, INCOME)
    state.families.severity[:2, INCOME] = (0.21, 0.6)
    state.families.severity[0, HOUSING] = 0.6
    serve(state, cfg, rng, [(0, INCOME, full, QUEUED),  # waiting before the service
                            (0, HOUSING, full, QUEUED),  # another need of the family
                            (0, INCOME, best, SERVING),
                            (1, INCOME, full, QUEUED)])  # another family's
    book = state.referrals
    assert state.counters["referrals_completed"] == 1
    assert list(zip(book["family"].tolist(), book["need"].tolist())) == [(0, HOUSING),
                                                                          (1, INCOME)]
    assert (book["stage"] == QUEUED).all()


def test_a_need_served_twice_falls_once_by_the_better_relief_wherever_its_rows_sit():
    cfg, rng, state = hand_made_state(families=1, behaviour__services__dropout=0.0)
    effect = state.institutions.effect[:, INCOME]
    best, full = institutions(state, INCOME)
    worse = int(np.flatnonzero((effect > 0.0) & (effect < effect[best]))[0])
    state.families.severity[0, [INCOME, HOUSING]] = 0.9
    serve(state, cfg, rng, [(0, INCOME, worse, SERVING), (0, HOUSING, full, QUEUED),
                            (0, INCOME, best, SERVING)])
    floor = cfg.behaviour.services.engagement_effect_floor
    engagement = state.families.engagement[0]
    assert state.families.severity[0, INCOME] == 0.9 - effect[best] * (floor + (1 - floor)
                                                                         * engagement)
    assert state.families.severity[0, HOUSING] == 0.9
    assert state.counters["duplicate_service_weeks"] == 1
    assert state.counters["service_weeks"] == 2


def test_each_misdirected_referral_bounces_back_and_costs_trust_never_below_none():
    cfg, rng, state = hand_made_state(families=2, behaviour__families__misdirection_trust_loss=0.3)
    _, full = institutions(state, INCOME)
    state.families.engagement[:2] = (0.5, 0.9)
    serve(state, cfg, rng, [(0, INCOME, full, TRANSIT), (0, HOUSING, full, TRANSIT),
                            (1, INCOME, full, TRANSIT)], misdirected=True)
    assert state.families.engagement[0] == 0.0  # two bounces: 0.5 - 0.3 - 0.3, clamped
    assert state.families.engagement[1] == 0.9 - 0.3
    assert state.counters["referrals_misdirected"] == 3
    assert len(state.referrals) == 0
