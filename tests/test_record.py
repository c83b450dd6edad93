"""The weekly record and the state's bookkeeping on hand-made states: the figures are those of
numpy's own sums and means, bit for bit, and the operations keep families, workers, teams and
referrals consistent."""

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from conftest import hand_made_state

from sim import metrics
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import ENDINGS, TaskTeams
from sim.domain import NEED_INDEX, NEEDS
from sim.metrics import FLOAT_COLUMNS, WEEKLY_COLUMNS, WeeklyRecord, weekly_columns, weekly_frame
from sim.ordering import column_sums
from sim.population import ACTIVE, EXITED, NO_ONE, Newcomers
from sim.referrals import OPS, QUEUED

INCOME, HOUSING = NEED_INDEX["income"], NEED_INDEX["housing"]


@pytest.mark.parametrize("rows", [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 8193, 100_003])
def test_column_sums_have_the_bits_of_numpys_sums(rows):
    rng = np.random.default_rng(rows)
    matrix = rng.random((rows, 5)) * 10.0 ** rng.integers(-3, 4, 5)
    expected = [matrix[:, j].sum() for j in range(5)]
    assert column_sums(matrix).tolist() == expected
    assert column_sums(matrix[:, 2:3])[0] == matrix[:, 2].sum()  # one column of a wider matrix
    assert column_sums(matrix[:, 2])[0] == matrix[:, 2].sum()  # a column as a 1-d array
    assert column_sums(matrix.reshape(-1))[0] == matrix.sum()  # a whole table, flat


def record_of(cfg, state):
    partnership = Partnership(cfg.scenario.pzk, cfg.behaviour.services, state.institutions.sector)
    teams = TaskTeams(cfg.scenario.zzk, state.programmes.lead_sector)
    return WeeklyRecord(cfg, state.counters, partnership, teams)


def test_a_weekly_row_has_numpys_means_and_the_counts_of_the_state():
    cfg, rng, state = hand_made_state(families=40, workers=3)
    fam = state.families
    fam.severity[:40] = np.random.default_rng(1).random((40, len(NEEDS)))
    fam.engagement[:40] = np.linspace(0.1, 0.9, 40)
    fam.revealed[:40, INCOME] = True
    state.discharge(np.arange(30, 40))
    state.referrals.add(family=np.array([0]), need=np.array([INCOME], np.int16),
                        institution=np.array([0]), origin=np.array([OPS], np.int8),
                        stage=np.array([QUEUED], np.int8))
    state.counters.add("contacts", 12)
    state.counters.add("cost_services", 100.5)
    record = record_of(cfg, state)
    record(state)
    row = record[-1]
    assert list(row) == list(WEEKLY_COLUMNS) and len(record) == 1
    sev = fam.view("severity")[:30]
    assert row["active_families"] == 30 and row["exited_families"] == 10
    assert row["mean_need"] == sev.mean()
    assert [row[f"need_{n}"] for n in NEEDS] == [sev[:, j].mean() for j in range(len(NEEDS))]
    assert row["mean_engagement"] == fam.view("engagement")[:30].mean()
    problems = sev > state.problem_threshold
    assert row["problem_needs"] == problems.sum()
    assert row["hidden_needs"] == (problems & ~fam.view("revealed")[:30]).sum()
    assert [row[f"problems_{n}"] for n in NEEDS] == problems.sum(axis=0).tolist()
    unserved = problems[1:, INCOME].sum()  # family 0's income has an open referral
    assert row["revealed_unserved_share"] == unserved / problems[:, INCOME].sum()
    assert row["open_ops_referrals"] == 1 and row["contacts"] == 12
    assert row["cost_total"] == 100.5 + row["cost_coordination"]
    assert row["mean_caseload"] == state.workforce.caseload.mean()


def test_a_revealed_problem_with_open_referrals_is_not_unserved_week_after_week():
    cfg, rng, state = hand_made_state(families=4, workers=1)
    fam = state.families
    fam.severity[:4, INCOME] = 0.9
    fam.revealed[:4, INCOME] = True
    fam.known_served[3, INCOME] = True
    for _ in range(2):  # two referrals of family 0's income
        state.referrals.add(family=np.array([0]), need=np.array([INCOME], np.int16),
                            institution=np.array([0]), origin=np.array([OPS], np.int8),
                            stage=np.array([QUEUED], np.int8))
    record = record_of(cfg, state)
    record(state)
    assert record[-1]["revealed_unserved_share"] == 2 / 4  # families 1 and 2
    state.referrals.close(np.ones(2, bool), "completed", 1)
    record(state)
    assert record[-1]["revealed_unserved_share"] == 3 / 4  # and family 0 now


def test_the_weekly_table_keeps_counts_as_integers_and_adds_running_totals():
    cfg, rng, state = hand_made_state(families=5)
    record = record_of(cfg, state)
    assert weekly_frame(record).empty
    for week in range(1, 4):
        state.now = week
        state.counters.reset()
        state.counters.add("inflow", week)
        state.counters.add("cost_crises", 0.25)
        record(state)
    frame = weekly_frame(record)
    assert list(frame.columns[: len(WEEKLY_COLUMNS)]) == list(WEEKLY_COLUMNS)
    for name in WEEKLY_COLUMNS:
        assert frame[name].dtype == (np.float64 if name in FLOAT_COLUMNS else np.int64), name
    assert frame["week"].tolist() == [1, 2, 3] and frame["inflow_cum"].tolist() == [1, 3, 6]
    assert frame["cost_total"].tolist() == [0.25 + frame["cost_coordination"][0]] * 3
    assert frame["cost_total_cum"].tolist() == np.cumsum(frame["cost_total"]).tolist()
    assert np.isnan(frame["mean_wait_weeks"]).all()  # no service started
    pd.testing.assert_series_equal(frame.iloc[-1][list(WEEKLY_COLUMNS)],
                                   pd.Series(record[-1], name=2), check_dtype=False)
    seeded = weekly_frame(record, weekly_columns(record), seed=2**63 - 1)  # as a run makes it
    pd.testing.assert_frame_equal(seeded.drop(columns="seed"), frame, check_exact=True)
    assert seeded["seed"].dtype == np.int64 and (seeded["seed"] == 2**63 - 1).all()


def test_views_follow_the_rows_in_use():
    cfg, rng, state = hand_made_state(families=3)
    fam = state.families
    assert fam.view("status") is fam.view("status") and len(fam.view("status")) == 3
    newcomers = Newcomers(cfg.behaviour.needs, cfg.behaviour.families)
    for _ in range(20):  # past the first capacity: the arrays are replaced
        state.arrive(newcomers, rng["population"], 1)
    assert len(fam.view("status")) == 23 and fam.view("status").base is fam.status
    assert np.all(fam.view("status") == ACTIVE)


def test_newcomers_are_numpys_households_from_the_same_draws():
    """The households written into the table are those of the model's rules computed with
    numpy from the same seven draws, in the same order."""
    cfg, _, state = hand_made_state(families=3)
    needs, families = cfg.behaviour.needs, cfg.behaviour.families
    k, d = 400, len(NEEDS)
    rows = state.arrive(Newcomers(needs, families), np.random.default_rng(5), k)
    fam = state.families
    assert rows.tolist() == list(range(3, 3 + k)) and fam.n == 3 + k
    assert (fam.entered_week[rows] == state.now).all() and (fam.worker[rows] >= 0).all()
    rng = np.random.default_rng(5)
    single = rng.random(k) < families.single_share
    extra = rng.poisson(families.mean_extra_members, k)
    u_children, u_senior = rng.random((2, k))
    factors = rng.standard_normal(k * (1 + d))
    level = rng.uniform(needs.initial_severity_low, needs.initial_severity_high, (k, d))
    u_revealed = rng.random((k, d))
    a = families.engagement_mean * families.engagement_spread
    engagement = rng.beta(a, families.engagement_spread - a, k)
    children = ~single & (u_children < families.children_share)
    senior = u_senior < families.senior_share
    eligible = np.ones((k, d), bool)
    eligible[:, [NEED_INDEX["parenting"], NEED_INDEX["education"]]] = children[:, None]
    eligible[:, NEED_INDEX["elder_care"]] = senior
    rho = needs.co_occurrence
    latent = np.sqrt(rho) * factors[:k, None] + np.sqrt(1 - rho) * factors[k:].reshape(k, d)
    cut = np.array([NormalDist().inv_cdf(needs.prevalence[n]) for n in NEEDS])
    present = eligible & (latent < cut)
    closest = np.argmax(np.where(eligible, cut - latent, -np.inf), axis=1)
    none = ~present.any(axis=1)
    present[none, closest[none]] = True
    assert (fam.single[rows] == single).all() and (fam.children[rows] == children).all()
    assert (fam.senior[rows] == senior).all() and (fam.eligible[rows] == eligible).all()
    assert fam.size[rows].tolist() == np.where(single, 1, 2 + np.maximum(extra - 1, 0)).tolist()
    assert (fam.severity[rows] == np.where(present, level, 0.0)).all()
    assert (fam.revealed[rows] == (present & (u_revealed < needs.initial_revealed))).all()
    assert (fam.engagement[rows] == engagement).all()
    assert (fam.problems_at_entry[rows]
            == (fam.severity[rows] > needs.problem_threshold).sum(axis=1)).all()


def test_a_discharge_closes_the_case_its_referrals_and_its_team():
    cfg, rng, state = hand_made_state("pzk_zzk", families=3, workers=1)
    fam, force = state.families, state.workforce
    goals = np.zeros((2, len(NEEDS)), bool)
    goals[:, HOUSING] = True
    fam.severity[1, HOUSING] = 0.9  # family 1's goal is not met, family 0's is
    state.start_teams(np.array([0, 1]), goals)
    assert force.teams.tolist() == [2] and fam.team[:3].tolist() == [True, True, False]
    state.referrals.add(family=np.array([0, 2]), need=np.array([INCOME, INCOME], np.int16),
                        institution=np.array([0, 0]), origin=np.array([OPS, OPS], np.int8),
                        stage=np.array([QUEUED, QUEUED], np.int8))
    fam.revealed[0, INCOME] = True
    state.discharge(np.array([0, 1]))
    assert fam.status[:3].tolist() == [EXITED, EXITED, ACTIVE]
    assert fam.worker[:2].tolist() == [NO_ONE, NO_ONE] and force.caseload.tolist() == [1]
    assert not fam.revealed[0].any() and fam.exits[:3].tolist() == [1, 1, 0]
    assert force.teams.tolist() == [0] and not fam.team[:3].any()
    assert fam.programme[:2].tolist() == [NO_ONE, NO_ONE] and fam.team_ended[:2].tolist() == [1, 1]
    assert state.counters["teams_ended_success"] == 1 == state.counters["teams_ended_dropout"]
    assert state.referrals["family"].tolist() == [2]  # family 0's referral closed
    teams = metrics.programme_frame(state)
    assert teams["outcome"].astype(str).tolist() == ["success", "dropout"]
    state.readmit(np.array([1]))
    assert fam.status[1] == ACTIVE and fam.worker[1] == 0 and fam.reentries[1] == 1
    assert force.caseload.tolist() == [2]


def test_the_state_tallies_the_weeks_its_closed_teams_lasted():
    cfg, rng, state = hand_made_state("pzk_zzk", families=3, workers=1)
    goals = np.zeros((3, len(NEEDS)), bool)
    goals[:, HOUSING] = True
    state.start_teams(np.array([0, 1, 2]), goals)
    state.now = 5
    state.end_teams(np.array([1]), "time_limit")
    state.now = 8
    state.discharge(np.array([0]))
    teams = metrics.programme_frame(state)
    closed = teams["week_ended"] >= 0
    assert state.closed_team_weeks == 4 + 7 == teams.loc[closed, "duration_weeks"].sum()
    weekly = {f"teams_ended_{e}": np.array([float(e != "dropout")]) for e in ENDINGS}
    weekly["teams_formed"] = np.array([3.0])
    assert (metrics.team_summary(weekly, state.closed_team_weeks)["teams_mean_duration_weeks"]
            == teams.loc[closed, "duration_weeks"].mean())


def test_a_team_seats_the_sectors_of_its_goals_counted_here_or_by_the_caller():
    cfg, rng, state = hand_made_state("pzk_zzk", families=3, workers=1)
    goals = np.zeros((2, len(NEEDS)), bool)
    goals[0, [INCOME, HOUSING]] = True
    goals[1, HOUSING] = True
    seated = state.programmes.member_sectors(goals).sum(axis=1)
    state.start_teams(np.array([0, 1]), goals)
    assert state.families.team_sectors[:2].tolist() == seated.tolist()
    assert seated[0] > seated[1] >= 1
    state.start_teams(np.array([2]), goals[:1], sectors=np.array([5]))
    assert state.families.team_sectors[2] == 5 and state.counters["teams_formed"] == 3
