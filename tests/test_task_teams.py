"""ZZK life cycle: a team forms around a family's plan, is reviewed, ends, and frees its slot."""

import numpy as np
import pytest
from conftest import hand_made, scenario_config

import sim
from sim import metrics
from sim.cooperation.task_team import worker_hours
from sim.domain import NEED_INDEX, NEEDS

THREE_SECTORS = ("income", "employment", "health")  # social_assistance, labour_office, health


def set_needs(model, row, needs, level=0.6, revealed=True):
    for name in needs:
        model.state.families.severity[row, NEED_INDEX[name]] = level
        model.state.families.revealed[row, NEED_INDEX[name]] = revealed


def at_week(model, now):
    """Set the state's week (1-based) for direct calls of processes."""
    model.state.now = now


def form(model):
    met = np.arange(model.state.families.n)
    problems = model.casework.known_problems(model.state, met)
    model.casework.form_teams(model.state, met, problems)


def review_at(model, now):
    at_week(model, now)
    model.task_teams(model.state)


def programmes(model):
    return metrics.programme_frame(model.state).set_index("family_id")


def test_team_forms_around_revealed_problems_spanning_enough_sectors():
    model = hand_made()
    set_needs(model, 0, THREE_SECTORS)
    set_needs(model, 0, ["addiction"], revealed=False)  # hidden: not a goal
    set_needs(model, 0, ["housing"], level=0.1)  # revealed but below the problem threshold
    set_needs(model, 1, ["income", "employment"])  # two sectors only (min_sectors 3)
    set_needs(model, 2, ["income", "parenting", "violence"], level=0.1)  # no problems
    form(model)
    fam = model.state.families
    assert fam.team[:3].tolist() == [True, False, False]
    assert model.state.workforce.teams[0] == 1
    assert fam.team_sectors[0] == 3
    row = programmes(model).loc[0]
    assert row["goals"] == "income;employment;health" and row["n_goals"] == 3
    assert row["member_sectors"] == "social_assistance;health;labour_office"
    assert row["outcome"] == "open" and row["week_ended"] == -1 and row["week_started"] == 1


def test_team_ends_with_success_at_the_review_after_its_goals_fall_below_independence():
    model = hand_made(scenario__zzk__review_weeks=4)
    set_needs(model, 0, THREE_SECTORS)
    form(model)
    set_needs(model, 0, THREE_SECTORS, level=0.1)
    set_needs(model, 0, ["addiction"], revealed=False)  # not a goal: does not stop success
    review_at(model, 4)  # age 3: no review yet
    assert model.state.families.team[0]
    review_at(model, 5)  # age 4: review
    row = programmes(model).loc[0]
    assert row["outcome"] == "success" and row["week_ended"] == 5 and row["duration_weeks"] == 4
    assert not model.state.families.team[0] and model.state.workforce.teams[0] == 0


def test_team_ends_at_its_time_limit_when_goals_stay_unmet():
    model = hand_made(scenario__zzk__review_weeks=4, scenario__zzk__max_duration_weeks=8)
    set_needs(model, 0, THREE_SECTORS)
    model.state.families.engagement[0] = 1.0  # full trust: never withdraws
    form(model)
    review_at(model, 5)
    assert model.state.families.team[0]
    review_at(model, 9)
    row = programmes(model).loc[0]
    assert row["outcome"] == "time_limit" and row["duration_weeks"] == 8


def test_family_without_trust_withdraws_at_the_first_review():
    model = hand_made(scenario__zzk__review_weeks=3, scenario__zzk__withdrawal_probability=1.0)
    set_needs(model, 0, THREE_SECTORS)
    model.state.families.engagement[0] = 0.0
    form(model)
    review_at(model, 3)
    assert model.state.families.team[0]
    review_at(model, 4)
    assert programmes(model).loc[0, "outcome"] == "dropout"
    assert model.state.workforce.teams[0] == 0


def test_full_trust_never_withdraws():
    model = hand_made(scenario__zzk__review_weeks=1, scenario__zzk__withdrawal_probability=1.0,
                      scenario__zzk__max_duration_weeks=100)
    set_needs(model, 0, THREE_SECTORS)
    model.state.families.engagement[0] = 1.0
    form(model)
    for now in range(2, 40):
        review_at(model, now)
    assert model.state.families.team[0] and programmes(model).loc[0, "outcome"] == "open"


def test_ended_team_frees_its_slot_for_another_family_and_does_not_reform_before_the_gap():
    model = hand_made(scenario__zzk__max_teams_per_worker=1, scenario__zzk__review_weeks=2,
                      scenario__zzk__reform_gap_weeks=10)
    fam = model.state.families
    set_needs(model, 0, THREE_SECTORS)
    set_needs(model, 1, THREE_SECTORS)
    form(model)
    assert fam.team[:2].sum() == 1 and model.state.workforce.teams[0] == 1
    first = int(np.flatnonzero(fam.team[:2])[0])
    other = 1 - first
    set_needs(model, first, THREE_SECTORS, level=0.1)
    review_at(model, 3)
    assert not fam.team[first] and fam.team_ended[first] == 3
    set_needs(model, first, THREE_SECTORS)  # problems are back at once
    form(model)
    assert fam.team[other] and not fam.team[first]  # slot to the other, no instant re-form
    set_needs(model, other, THREE_SECTORS, level=0.1)
    review_at(model, 5)
    assert not fam.team[other] and model.state.workforce.teams[0] == 0
    at_week(model, 12)  # 9 weeks after the first team ended
    form(model)
    assert not fam.team[first]
    at_week(model, 13)
    form(model)
    assert fam.team[first]
    frame = metrics.programme_frame(model.state)
    assert frame["family_id"].tolist() == [first, other, first]
    assert frame["outcome"].tolist() == ["success", "success", "open"]


def test_family_leaving_assistance_closes_its_team_with_success():
    model = hand_made()
    set_needs(model, 0, THREE_SECTORS)
    form(model)
    model.state.families.severity[0] = 0.0
    at_week(model, 7)
    model.state.discharge(np.array([0]))
    row = programmes(model).loc[0]
    assert row["outcome"] == "success" and row["week_ended"] == 7
    assert model.state.workforce.teams[0] == 0 and not model.state.families.team[0]


def test_teams_without_benefits_meet_and_cost_time_but_their_plan_is_neutral():
    with_plan, model = hand_made().teams, hand_made(scenario__zzk__benefits=False)
    teams = model.teams
    assert with_plan.parallel_limit(np.array([True])).tolist() == [3]
    assert teams.parallel_limit(np.array([True, False])).tolist() == [1, 1]
    assert with_plan.deduplicates() and not teams.deduplicates()
    assert with_plan.relapse_detection > 0 and teams.relapse_detection == 0
    hours = teams.cfg.meeting_hours_per_month
    assert hours == with_plan.cfg.meeting_hours_per_month
    assert worker_hours(0, hours) == 0 and worker_hours(2, hours) > 0
    assert teams.partner_hours(3) == with_plan.partner_hours(3) > 0
    set_needs(model, 0, THREE_SECTORS)
    form(model)
    assert model.state.families.team[0]


def test_whole_run_without_benefits_forms_teams_that_notice_nothing():
    off = sim.run(scenario_config("pzk_zzk", weeks=52, seed=5, scenario__zzk__benefits=False))
    pzk = sim.run(scenario_config("pzk", weeks=52, seed=5))
    assert off.summary["teams_started"] > 0
    assert off.weekly["relapses_noticed"].sum() == 0
    assert off.summary["hours_coordination"] > pzk.summary["hours_coordination"]


@pytest.fixture(scope="module")
def three_years():
    return sim.run(scenario_config("pzk_zzk", weeks=156, seed=42))


def test_teams_turn_over_in_a_three_year_run(three_years):
    cfg, s = three_years.config, three_years.summary
    slots = cfg.municipality.social_workers * cfg.scenario.zzk.max_teams_per_worker
    assert s["teams_started"] > slots
    assert s["teams_ended_success"] > 0
    ended = s["teams_ended_success"] + s["teams_ended_time_limit"] + s["teams_ended_dropout"]
    assert s["teams_success_share"] == pytest.approx(s["teams_ended_success"] / ended)
    assert three_years.weekly["teams_ended"].sum() == ended


def test_programmes_table_agrees_with_the_run(three_years):
    p, cfg = three_years.programmes, three_years.config.scenario.zzk
    assert len(p) == three_years.summary["teams_started"] == p["programme_id"].nunique()
    still_open = p["outcome"] == "open"
    assert (p["week_ended"] == -1).equals(still_open)
    assert still_open.sum() == three_years.weekly["task_teams"].iloc[-1]
    assert p.loc[~still_open, "duration_weeks"].mean() == pytest.approx(
        three_years.summary["teams_mean_duration_weeks"])
    limit = p[p["outcome"] == "time_limit"]["duration_weeks"]
    last_review = cfg.max_duration_weeks + cfg.review_weeks - 1
    assert limit.between(cfg.max_duration_weeks, last_review).all()
    assert (p["n_goals"] == p["goals"].str.count(";") + 1).all()
    assert p["goals"].str.split(";").map(lambda g: set(g) <= set(NEEDS)).all()
    for _, team in p.sort_values("programme_id").groupby("family_id"):
        starts, ends = team["week_started"].to_numpy(), team["week_ended"].to_numpy()
        assert np.all(starts[1:] - ends[:-1] >= cfg.reform_gap_weeks)


def test_siloed_run_has_no_teams():
    res = sim.run(scenario_config("siloed", weeks=20, seed=1))
    assert res.programmes.empty and res.summary["teams_started"] == 0
    assert np.isnan(res.summary["teams_success_share"])
    assert np.isnan(res.summary["teams_mean_duration_weeks"])


def test_members_notice_a_hidden_problem_of_their_family_in_assistance_only():
    model = hand_made(families=4, scenario__zzk__relapse_detection=1.0)
    for row in range(3):
        set_needs(model, row, THREE_SECTORS)
    form(model)
    fam, state = model.state.families, model.state
    assert fam.team[:4].tolist() == [True, True, True, False]
    state.discharge(np.array([2]))  # left assistance: its team closes
    fam.team[2] = True  # (even if a team were still open, nobody watches a family that left)
    for row in range(4):
        set_needs(model, row, ["addiction"], revealed=False)
    set_needs(model, 0, ["housing"], level=0.1, revealed=False)  # hidden, but not a problem
    model.task_teams(state)
    addiction, housing = NEED_INDEX["addiction"], NEED_INDEX["housing"]
    assert fam.revealed[:4, addiction].tolist() == [True, True, False, False]
    assert not fam.revealed[0, housing]
    assert state.counters["relapses_noticed"] == 2
