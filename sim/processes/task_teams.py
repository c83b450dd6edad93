"""D2 each week: task teams (ZZK) review their plans, and their members watch for relapse.
Formation happens in casework, where the worker meets the family."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import SimConfig
from sim.cooperation.task_team import ENDINGS, TaskTeams, goals_met
from sim.population import ACTIVE, ALL_NEEDS, hides_problems, reveal
from sim.processes.process import Process
from sim.rng import Streams, cast
from sim.state import State

SUCCESS, TIME_LIMIT, DROPOUT = (ENDINGS.index(e) for e in ("success", "time_limit", "dropout"))
# the rules' parameters, packed once (``TaskTeamWeek.rules``)
INDEPENDENCE, REVIEW_WEEKS, MAX_WEEKS, WITHDRAWAL, PROBLEM, DETECTION = range(6)


class TaskTeamWeek(Process):
    """One compiled pass: the teams whose review ends them, and the relapse watch of the teams
    that go on; then the ended teams close, by ending."""

    streams = ("team_withdrawal", "relapse")
    counters = ("relapses_noticed",)

    def __init__(self, cfg: SimConfig, rng: Streams, teams: TaskTeams):
        super().__init__(rng)
        self.teams, c = teams, teams.cfg
        self.rules = np.array([
            cfg.behaviour.families.independence_threshold, c.review_weeks, c.max_duration_weeks,
            c.withdrawal_probability, cfg.behaviour.needs.problem_threshold,
            teams.relapse_detection], np.float64)

    def __call__(self, state: State) -> None:
        if not self.teams.enabled:
            return
        fam = state.families
        ending, start = _week(
            fam.view("team"), fam.status, fam.team_started, fam.team_goals, fam.severity,
            fam.engagement, fam.revealed, self.rules, state.now, self.key["team_withdrawal"],
            self.key["relapse"], state.counters.values, self.positions(state.counters)[0])
        if len(ending) == 0:
            return
        start = start.tolist()
        for e, outcome in enumerate(ENDINGS):
            if start[e + 1] > start[e]:
                state.end_teams(ending[start[e]: start[e + 1]], outcome)


@njit(cache=True)
def _week(team, status, started, goals, severity, engagement, revealed, rules, week,
          withdrawal_die, relapse_die, counters, noticed_at):
    """Each team's review, then its members' watch if it goes on. Returns the rows whose team
    ends this week grouped by ending (ending e's from ``start[e]`` to ``start[e + 1]``, in the
    order of ``ENDINGS``, rows ascending within), and adds the relapses noticed."""
    ending_rows = np.empty(len(team), np.int64)
    endings = np.empty(len(team), np.int64)
    k = noticed = 0
    for r in range(len(team)):
        if not team[r]:
            continue
        ending = _review(r, started, goals, severity, engagement, rules, week, withdrawal_die)
        if ending >= 0:
            ending_rows[k], endings[k] = r, ending
            k += 1
        elif status[r] == ACTIVE and hides_problems(r, severity, revealed, rules[PROBLEM]):
            noticed += reveal(r, ALL_NEEDS, severity, revealed, rules[PROBLEM],
                              rules[DETECTION], week, relapse_die)
    counters[noticed_at] += noticed
    rows = np.empty(k, np.int64)
    start = np.zeros(len(ENDINGS) + 1, np.int64)
    for e in range(len(ENDINGS)):
        start[e + 1] = start[e]
        for i in range(k):
            if endings[i] == e:
                rows[start[e + 1]] = ending_rows[i]
                start[e + 1] += 1
    return rows, start


@njit(cache=True, inline="always")
def _review(r, started, goals, severity, engagement, rules, week, withdrawal_die):
    """How the ZZK of row ``r`` ends this week, or -1 if it goes on. A review falls every
    ``review_weeks`` of a team's age; there the team ends with success when every goal is
    below the independence threshold, at its time limit, or when the family withdraws
    (probability withdrawal·(1 − trust))."""
    age = week - started[r]
    if age <= 0 or age % np.int64(rules[REVIEW_WEEKS]) != 0:  # whole weeks: integer remainder
        return -1
    if goals_met(goals[r], severity[r], rules[INDEPENDENCE]):
        return SUCCESS
    if age >= rules[MAX_WEEKS]:
        return TIME_LIMIT
    if cast(withdrawal_die, week, r, 0) < rules[WITHDRAWAL] * (1.0 - engagement[r]):
        return DROPOUT
    return -1


