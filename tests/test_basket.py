"""The local basket of services (lokalny koszyk usług) and the PZK's leader: neutral settings
change nothing, the basket acts only where capacity is short, and the costs of a run attributed
to problem areas add up to its costs."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SCENARIOS, scenario_config

import sim
from sim import uncertainty
from sim.areas import AREA_ITEMS, AREAS, area_key
from sim.cooperation.partnership import Partnership
from sim.domain import NEEDS

BEFORE = Path(__file__).parent / "baseline" / "summaries_before_basket.json"
BASKET_OFF = {"scenario__pzk__basket__enabled": False}
NEUTRAL = {**BASKET_OFF, "scenario__pzk__leader__coordinator_hours_per_week": 0.0,
           "scenario__pzk__leader__unled_learning": 1.0}
# too few places for income (the OPS) and elder care: referrals wait at full members
SCARCE = {"municipality__institutions__social_assistance__capacity": 15,
          "municipality__institutions__elder_care__capacity": 10}


def test_neutral_basket_and_leader_reproduce_every_scenario_before_they_existed():
    """The summaries of the regression runs as committed before the basket and the leader
    (regenerated once from these neutral settings when the decisions' random numbers became
    counter-based dice, which the basket and the leader do not cast)."""
    before = json.loads(BEFORE.read_text())
    for name in SCENARIOS:
        summary = sim.run(scenario_config(name, weeks=30, seed=2026, **NEUTRAL)).summary
        for key, value in before[name].items():
            both_nan = value != value and summary[key] != summary[key]
            assert summary[key] == value or both_nan, (name, key)  # exact, not approximate


def test_the_basket_is_neutral_when_the_pzk_brings_no_benefits():
    on = sim.run(scenario_config("costs_only", weeks=60, seed=3, **SCARCE)).weekly
    off = sim.run(scenario_config("costs_only", weeks=60, seed=3, **SCARCE, **BASKET_OFF)).weekly
    assert on.equals(off)
    assert on["basket_take_overs"].sum() == on["basket_places"].sum() == 0


def test_a_basket_that_shares_no_place_and_opens_none_changes_nothing():
    idle = {"scenario__pzk__basket__take_over": 0.0,
            "scenario__pzk__basket__extension_share": 0.0}
    on = sim.run(scenario_config("pzk", weeks=60, seed=5, **SCARCE, **idle)).weekly
    off = sim.run(scenario_config("pzk", weeks=60, seed=5, **SCARCE, **BASKET_OFF)).weekly
    assert on.drop(columns="basket_currency").equals(off.drop(columns="basket_currency"))


def test_with_places_to_spare_the_basket_has_nothing_to_do():
    """A null result: where no referral waits, sharing and new services never happen."""
    plenty = {f"municipality__institutions__{s}__capacity": 10_000
              for s in scenario_config("siloed").municipality.institutions}
    on = sim.run(scenario_config("pzk", weeks=52, seed=2, **plenty)).weekly
    off = sim.run(scenario_config("pzk", weeks=52, seed=2, **plenty, **BASKET_OFF)).weekly
    assert on["basket_take_overs"].sum() == 0 == on["basket_places"].sum()
    assert on.drop(columns="basket_currency").equals(off.drop(columns="basket_currency"))


def test_where_places_are_short_the_basket_shares_them_opens_new_ones_and_shortens_waits():
    for seed in (1, 2):
        on = sim.run(scenario_config("pzk", weeks=104, seed=seed, **SCARCE)).summary
        off = sim.run(scenario_config("pzk", weeks=104, seed=seed, **SCARCE, **BASKET_OFF)).summary
        assert on["basket_take_overs"] > 50 and on["basket_places"] > 0
        assert on["mean_wait_weeks"] < off["mean_wait_weeks"]
        assert on["unmet_income"] < off["unmet_income"]
        assert on["cost_services"] > off["cost_services"]  # more service weeks, new places


def test_costs_attributed_to_problem_areas_add_up_to_the_runs_costs():
    result = sim.run(scenario_config("kooperacje_3d", weeks=52, seed=7))
    s, weekly = result.summary, result.weekly
    assert set(AREAS) >= {"domestic_violence", "children_care", "homelessness_housing",
                          "addiction", "unemployment_poverty", "disability_illness", "old_age"}
    assert sorted(n for needs in AREAS.values() for n in needs) == sorted(NEEDS)
    total = {item: sum(s[area_key(a, item)] for a in AREAS) for item in AREA_ITEMS}
    assert total["crises"] == s["crises_total"]
    assert total["service_weeks"] == weekly["service_weeks"].sum()
    for item in ("cost_crises", "cost_services", "cost_coordination", "cost_total"):
        assert total[item] == pytest.approx(s[item], rel=1e-9), item
    assert total["hours_partner"] == pytest.approx(weekly["partner_hours"].sum(), rel=1e-9)
    # a placement is a cost of the care and upbringing of children, an eviction of housing
    assert s[area_key("children_care", "crises")] >= s["crises_foster_care"]
    assert s[area_key("homelessness_housing", "crises")] == s["crises_eviction"]
    assert s[area_key("domestic_violence", "crises")] == s["crises_niebieska_karta"]
    assert np.all(np.array([s[area_key(a, "cost_total")] for a in AREAS]) >= 0)


def test_the_ablation_presets_differ_from_the_full_model_only_in_the_basket_or_the_leader():
    """By flags, which uncertainty=full never draws (a drawn key would undo the preset)."""
    from dataclasses import asdict

    from sim.configure import compose_config

    full = asdict(compose_config(["scenario=kooperacje_3d"]).scenario)
    for preset, path, value in (("without_basket", ("basket", "enabled"), False),
                                ("without_leader", ("leader", "enabled"), False)):
        cfg = asdict(compose_config([f"scenario={preset}"]).scenario)
        assert cfg["pzk"][path[0]][path[1]] == value != full["pzk"][path[0]][path[1]]
        cfg["pzk"][path[0]][path[1]] = full["pzk"][path[0]][path[1]]
        assert {**cfg, "name": "kooperacje_3d"} == full
    # a study's parameter draw (uncertainty=full) keeps the leader off
    unled = compose_config(["scenario=without_leader"])
    drawn = uncertainty.apply(unled, uncertainty.draw(42, 0))
    assert drawn.scenario.pzk.leader.coordinator_hours_per_week > 0
    assert Partnership(drawn.scenario.pzk, drawn.behaviour.services,
                       np.zeros(3, np.int32)).leader.hours == 0


def test_no_basket_outcome_hangs_on_a_parameter_at_a_threshold():
    """Each assumed basket parameter moved by ±20% moves exits, take-overs and new places by
    less than 40% (no step where a default sits on a threshold)."""
    base = sim.run(scenario_config("pzk", weeks=104, seed=3, **SCARCE)).summary
    keys = ("exits_to_independence", "basket_take_overs", "basket_places")
    assert all(base[k] > 0 for k in keys)
    defaults = scenario_config("pzk").scenario.pzk.basket
    for name in ("take_over", "staleness", "gap_weeks", "extension_share", "ramp_up_weeks"):
        for factor in (0.8, 1.2):
            value = getattr(defaults, name) * factor
            value = round(value) if isinstance(getattr(defaults, name), int) else value
            moved = sim.run(scenario_config("pzk", weeks=104, seed=3, **SCARCE,
                                            **{f"scenario__pzk__basket__{name}": value})).summary
            for k in keys:
                assert 0.6 < moved[k] / base[k] < 1.4, (name, factor, k, moved[k], base[k])
