"""Cooperation works through mechanisms; each can be switched off and tested on its own."""

import numpy as np
from conftest import scenario_config

import sim

NEUTRAL_PZK = {
    "scenario__pzk__information_sharing": 0.0,
    "scenario__pzk__mature_referral_delay_weeks": 3.0,  # = behaviour.services.referral_delay_weeks
    "scenario__pzk__mature_misdirection": 0.2,  # = behaviour.services.misdirection
    "scenario__pzk__maturity_per_meeting_hour": 0.0,
    "scenario__pzk__basket__enabled": False,  # no shared places, no new services
}


def test_pzk_with_every_benefit_neutral_costs_time_and_gains_nothing():
    gains = []
    for seed in (1, 2, 3, 4):
        base = sim.run(scenario_config("siloed", weeks=104, seed=seed)).summary
        pzk = sim.run(scenario_config("pzk", weeks=104, seed=seed, **NEUTRAL_PZK)).summary
        assert pzk["hours_coordination"] > base["hours_coordination"] > 0  # statutory groups
        assert pzk["cost_coordination"] > base["cost_coordination"]
        gains.append((pzk["exits_to_independence"] - base["exits_to_independence"],
                      base["hidden_needs"] - pzk["hidden_needs"],
                      pzk["hours_direct"] - base["hours_direct"]))
    # the hours change which families are met when time is short, so single runs differ a
    # little either way; on average there is no gain beyond chance
    g = np.array(gains, float)
    assert np.all(g.mean(axis=0) <= 2 * g.std(axis=0, ddof=1) / np.sqrt(len(g)) + 1e-9), g


def test_neutral_pzk_with_free_meetings_is_identical_to_siloed():
    free = dict(NEUTRAL_PZK, scenario__pzk__meeting_hours_per_month=0.0,
                scenario__pzk__worker_hours_per_month=0.0,
                scenario__pzk__leader__coordinator_hours_per_week=0.0)
    base = sim.run(scenario_config("siloed", weeks=60, seed=4)).weekly
    pzk = sim.run(scenario_config("pzk", weeks=60, seed=4, **free)).weekly
    assert base.equals(pzk)


def test_information_sharing_reveals_more_needs_sooner():
    none = sim.run(scenario_config("pzk", weeks=52, seed=6, scenario__pzk__information_sharing=0.0))
    full = sim.run(scenario_config("pzk", weeks=52, seed=6, scenario__pzk__information_sharing=1.0))
    assert full.weekly["shared_reports"].sum() > 0 == none.weekly["shared_reports"].sum()
    assert full.weekly["hidden_needs"].mean() < 0.8 * none.weekly["hidden_needs"].mean()


def test_unlimited_capacity_and_no_misdirection_drive_waiting_to_zero():
    unlimited = {f"municipality__institutions__{s}__capacity": 100_000
                 for s in scenario_config("siloed").municipality.institutions}
    fast = sim.run(scenario_config(
        "siloed", weeks=52, seed=2, behaviour__services__misdirection=0.0,
        behaviour__services__referral_delay_weeks=0.0, **unlimited)).summary
    usual = sim.run(scenario_config("siloed", weeks=52, seed=2)).summary
    assert fast["referrals_misdirected"] == 0
    assert fast["mean_wait_weeks"] < 0.5 < usual["mean_wait_weeks"]


def test_caseload_far_above_norm_raises_burnout_and_lowers_contact():
    normal = sim.run(scenario_config("siloed", weeks=52, seed=3))
    overloaded = sim.run(scenario_config("siloed", weeks=52, seed=3,
                                         municipality__social_workers=6))
    assert overloaded.summary["mean_caseload"] > 100 > normal.summary["mean_caseload"]
    assert overloaded.summary["mean_burnout"] > normal.summary["mean_burnout"] + 0.2
    per_family = lambda r: (r.weekly["contacts"] / r.weekly["active_families"]).mean()  # noqa: E731
    assert per_family(overloaded) < 0.6 * per_family(normal)


def test_task_teams_run_services_in_parallel_and_avoid_duplicates():
    pzk = sim.run(scenario_config("pzk", weeks=78, seed=8)).summary
    zzk = sim.run(scenario_config("pzk_zzk", weeks=78, seed=8)).summary
    assert zzk["duplicate_service_weeks"] < pzk["duplicate_service_weeks"]
    assert zzk["referrals_made"] > pzk["referrals_made"]


def test_partnership_maturity_grows_with_meetings_and_cuts_misdirection():
    res = sim.run(scenario_config("pzk", weeks=104, seed=1)).weekly
    maturity = res["pzk_maturity"].to_numpy()
    assert maturity[0] > 0 and np.all(np.diff(maturity) > 0) and maturity[-1] < 1
    silo = sim.run(scenario_config("siloed", weeks=104, seed=1)).weekly
    late = lambda w: w.tail(26)["referrals_misdirected"].sum() / w.tail(26)["referrals_made"].sum()  # noqa: E731
    assert late(res) < 0.7 * late(silo)


def test_costs_only_is_never_better_than_siloed_beyond_chance():
    """Every benefit neutral: coordination costs hours and money; exits and crises are no better
    than siloed (paired over seeds, beyond a 2-standard-error margin), at both caseloads."""
    for workers in (25, 14):  # ~27 and ~50 families per worker
        diffs = []
        for seed in (1, 2, 3, 4):
            kw = dict(weeks=104, seed=seed, municipality__social_workers=workers)
            base = sim.run(scenario_config("siloed", **kw)).summary
            costs = sim.run(scenario_config("costs_only", **kw)).summary
            assert costs["cost_coordination"] > base["cost_coordination"]
            assert costs["hours_coordination"] > base["hours_coordination"]
            assert costs["teams_started"] > 0 == base["teams_started"]
            diffs.append((costs["exits_to_independence"] - base["exits_to_independence"],
                          base["crises_total"] - costs["crises_total"]))
        d = np.array(diffs, float)
        margin = 2 * d.std(axis=0, ddof=1) / np.sqrt(len(d)) + 1e-9
        assert np.all(d.mean(axis=0) <= margin), (workers, d)


def test_a_partnership_that_meets_without_a_leader_learns_more_slowly_and_its_basket_goes_stale():
    """Cutting the coordinator's hours at the OPS saves their cost, but the PZK matures more
    slowly and its picture of the members' offer goes out of date."""
    cut = {"scenario__pzk__leader__coordinator_hours_per_week": 0.0}
    led = sim.run(scenario_config("pzk", weeks=104, seed=1))
    unled = sim.run(scenario_config("pzk", weeks=104, seed=1, **cut))
    m_led, m_unled = led.weekly["pzk_maturity"].to_numpy(), unled.weekly["pzk_maturity"].to_numpy()
    assert np.all(m_unled < m_led) and np.all(np.diff(m_unled) > 0)  # slower, still learning
    assert m_unled[-1] < 0.8 * m_led[-1]
    assert unled.weekly["basket_currency"].iloc[-1] < 0.1 < led.weekly["basket_currency"].iloc[-1]
    assert unled.summary["hours_coordinator"] == 0 < led.summary["hours_coordinator"]
    assert unled.summary["hours_coordination"] < led.summary["hours_coordination"]
    # the separate post's share of the hours is costed though no worker gives it
    post = sim.run(scenario_config("pzk", weeks=104, seed=1,
                                   scenario__pzk__leader__from_workers=0.0)).summary
    assert post["cost_coordination"] > unled.summary["cost_coordination"]


def test_when_leadership_makes_no_difference_the_hours_only_cost():
    same = {"scenario__pzk__leader__unled_learning": 1.0}
    led = sim.run(scenario_config("pzk", weeks=52, seed=2, **same)).weekly
    unled = sim.run(scenario_config(
        "pzk", weeks=52, seed=2, scenario__pzk__leader__coordinator_hours_per_week=0.0,
        **same)).weekly
    assert led["pzk_maturity"].equals(unled["pzk_maturity"])
    assert led["cost_coordination"].sum() > unled["cost_coordination"].sum()
