"""D2 each week: task teams (ZZK) review their plans, and their members watch for relapse.
Formation happens in casework, where the worker meets the family."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import SimConfig
from sim.cooperation.task_team import ENDINGS, TaskTeams, goals_met
from sim.population import ACTIVE
from sim.processes.process import Process
from sim.rng import Streams, cast
from sim.state import State

SUCCESS, TIME_LIMIT, DROPOUT = (ENDINGS.index(e) for e in ("success", "time_limit", "dropout"))


class TaskTeamWeek(Process):
    streams = ("team_withdrawal", "relapse")
    counters = ("relapses_noticed",)

    def __init__(self, cfg: SimConfig, rng: Streams, teams: TaskTeams):
        super().__init__(rng)
        self.teams = teams
        self.problem_threshold = cfg.behaviour.needs.problem_threshold

    def __call__(self, state: State) -> None:
        self.review(state)
        self.watch_for_relapse(state)

    def review(self, state: State) -> None:
        """At a review a ZZK ends: goals met, time limit reached, or the family withdraws."""
        if not self.teams.enabled:
            return
        fam, c = state.families, self.teams.cfg
        success, time_limit, dropout = _reviews(
            fam.view("team"), fam.team_started, fam.team_goals, fam.severity, fam.engagement,
            state.independence_threshold, c.review_weeks, c.max_duration_weeks,
            c.withdrawal_probability, state.now, self.key["team_withdrawal"])
        state.end_teams(success, "success")
        state.end_teams(time_limit, "time_limit")
        state.end_teams(dropout, "dropout")

    def watch_for_relapse(self, state: State) -> None:
        """Team members notice a need that has grown back before the worker does."""
        if not self.teams.enabled:
            return
        fam = state.families
        noticed = _watch(fam.view("team"), fam.status, fam.revealed, fam.severity,
                         self.problem_threshold, self.teams.relapse_detection, state.now,
                         self.key["relapse"])
        state.counters.add("relapses_noticed", noticed)


@njit(cache=True)
def _reviews(team, started, goals, severity, engagement, independence, review_weeks,
             max_weeks, withdrawal, week, withdrawal_die):
    """The rows whose ZZK ends this week with success, at its time limit, or by dropout. A
    review falls every ``review_weeks`` of a team's age; there the team ends with success when
    every goal is below ``independence``, at ``max_weeks``, or when the family withdraws
    (probability ``withdrawal``·(1 − trust))."""
    rows = np.empty(len(team), np.int64)
    ending = np.empty(len(team), np.int64)
    k = 0
    for r in range(len(team)):
        if not team[r]:
            continue
        age = week - started[r]
        if age <= 0 or age % review_weeks != 0:
            continue
        if goals_met(goals[r], severity[r], independence):
            ending[k] = SUCCESS
        elif age >= max_weeks:
            ending[k] = TIME_LIMIT
        elif cast(withdrawal_die, week, r, 0) < withdrawal * (1.0 - engagement[r]):
            ending[k] = DROPOUT
        else:
            continue
        rows[k] = r
        k += 1
    rows, ending = rows[:k], ending[:k]
    return rows[ending == SUCCESS], rows[ending == TIME_LIMIT], rows[ending == DROPOUT]


@njit(cache=True)
def _watch(team, status, revealed, severity, threshold, detection, week, relapse_die):
    """Each problem need hidden from the worker of a family in assistance with a ZZK is noticed
    by its members with probability ``detection``, and revealed. Returns how many."""
    noticed = 0
    for r in range(len(team)):
        if not team[r] or status[r] != ACTIVE:
            continue
        for j in range(severity.shape[1]):
            if (not revealed[r, j] and severity[r, j] > threshold
                    and cast(relapse_die, week, r, j) < detection):
                revealed[r, j] = True
                noticed += 1
    return noticed
