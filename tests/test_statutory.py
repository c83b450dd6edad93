"""The statutory baseline (zespół interdyscyplinarny, Niebieska Karta groups, family assistants)
exists in every scenario, works through its own mechanisms and costs time."""

import numpy as np
import pytest
from conftest import SCENARIOS, scenario_config

import sim
from sim.domain import CRISES, NEED_INDEX
from sim.model import KooperacjeModel
from sim.processes import statutory

PARENTING, VIOLENCE = NEED_INDEX["parenting"], NEED_INDEX["violence"]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_statutory_baseline_is_present_in_every_scenario(name):
    weekly = sim.run(scenario_config(name, weeks=104, seed=5)).weekly
    assert weekly["families_with_assistant"].max() > 0
    assert weekly["assistance_started"].sum() > 0
    assert weekly["blue_card_procedures_open"].max() > 0
    assert (weekly["partner_hours"] > 0).all()  # the standing team meets in every scenario


def _bare_model(**overrides) -> KooperacjeModel:
    """A model whose families are replaced by hand-made ones (rows set below)."""
    return KooperacjeModel(config=scenario_config(
        "siloed", weeks=10, seed=1, municipality__initial_families=4,
        behaviour__families__inflow_per_1000=0.0, **overrides))


def _only(model, rows_severity):
    fam = model.state.families
    fam.severity[: fam.n] = 0.0
    fam.revealed[: fam.n] = False
    fam.children[: fam.n] = True
    fam.engagement[: fam.n] = 1.0
    for row, needs in rows_severity.items():
        for need, level in needs.items():
            fam.severity[row, need] = level
            fam.revealed[row, need] = True


def test_family_assistant_takes_the_most_severe_parenting_case_and_ends_when_it_is_solved():
    model = _bare_model(municipality__family_assistants=1,
                        behaviour__statutory__families_per_assistant=1,
                        behaviour__statutory__assistant_effect=0.2)
    _only(model, {0: {PARENTING: 0.4}, 1: {PARENTING: 0.7}})
    model.statutory(model.state)
    fam = model.state.families
    assert fam.assisted[: fam.n].tolist() == [False, True, False, False]  # one slot: most severe
    assert fam.severity[1, PARENTING] == pytest.approx(0.5)
    assert fam.known_served[1, PARENTING]
    for _ in range(2):
        model.statutory(model.state)
    assert fam.severity[1, PARENTING] < model.cfg.behaviour.families.independence_threshold
    model.statutory(model.state)  # solved: the slot passes to the next family
    assert fam.assisted[: fam.n].tolist() == [True, False, False, False]
    assert model.state.counters["assistance_ended"] == 1


def test_an_assistance_whose_time_is_up_passes_the_same_week_to_the_most_severe_waiting():
    model = _bare_model(municipality__family_assistants=1,
                        behaviour__statutory__families_per_assistant=1,
                        behaviour__statutory__assistant_effect=0.2,
                        behaviour__statutory__assistance_max_weeks=1)
    _only(model, {0: {PARENTING: 0.9}, 1: {PARENTING: 0.8}})
    fam, counters = model.state.families, model.state.counters
    model.statutory(model.state)
    assert fam.assisted[: fam.n].tolist() == [True, False, False, False]
    model.statutory(model.state)  # family 0's week is up (now 0.7): family 1 (0.8) is next
    assert fam.assisted[: fam.n].tolist() == [False, True, False, False]
    assert fam.severity[1, PARENTING] == pytest.approx(0.6)
    assert fam.severity[0, PARENTING] == pytest.approx(0.7) and not fam.known_served[0, PARENTING]
    assert counters["assistance_ended"] == 1 and counters["assistance_started"] == 2


def test_blue_card_opens_a_group_that_reveals_hidden_problems_and_costs_worker_time():
    model = _bare_model(behaviour__statutory__group_observation=1.0)
    _only(model, {})
    fam = model.state.families
    fam.severity[2, VIOLENCE] = 0.9
    fam.severity[2, PARENTING] = 0.6  # hidden from the worker
    fam.revealed[2] = False
    model.crises.rates[CRISES.index("niebieska_karta")] = 50.0  # certain at 0.9 (beyond config)
    model.crises(model.state)
    assert fam.crises[2, 0] == 1 and fam.revealed[2, VIOLENCE]
    weeks = model.cfg.behaviour.statutory.procedure_weeks
    assert fam.procedure_weeks[2] == weeks
    hours = statutory.worker_hours(fam.procedure_weeks, fam.status, fam.worker,
                                   len(model.state.workforce),
                                   model.cfg.behaviour.statutory.group_meeting_hours_per_month)
    assert hours[fam.worker[2]] > 0 and hours.sum() == hours[fam.worker[2]]
    model.statutory(model.state)
    assert fam.revealed[2, PARENTING] and fam.procedure_weeks[2] == weeks - 1


def test_without_family_assistants_parenting_problems_last_longer():
    with_, without = [], []
    for seed in (1, 2, 3):
        with_.append(sim.run(scenario_config("siloed", weeks=104, seed=seed)).weekly)
        without.append(sim.run(scenario_config("siloed", weeks=104, seed=seed,
                                               municipality__family_assistants=0)).weekly)
    need = lambda runs: np.mean([w["need_parenting"].mean() for w in runs])  # noqa: E731
    assert need(without) > 1.1 * need(with_)
    assert sum(w["families_with_assistant"].sum() for w in without) == 0
