"""D2 each week: task teams (ZZK) review their plans, and their members watch for relapse.
Formation happens in casework, where the worker meets the family."""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.cooperation.task_team import ENDINGS, TaskTeams
from sim.processes.process import Process
from sim.rng import Streams
from sim.state import State


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
        fam = state.families
        if not self.teams.enabled:
            return
        rows = np.flatnonzero(fam.view("team"))
        age = state.now - fam.team_started[rows]
        due = self.teams.due(age)
        rows = rows[due]
        outcome = self.teams.review(age[due], state.goals_met(rows), fam.engagement[rows],
                                    self.dice("team_withdrawal")(state.now, rows))
        for k, name in enumerate(ENDINGS):
            state.end_teams(rows[outcome == k], name)

    def watch_for_relapse(self, state: State) -> None:
        """Team members notice a need that has grown back before the worker does."""
        fam = state.families
        if not self.teams.enabled:
            return
        watched = fam.view("team") & state.active()
        rows, needs = np.nonzero(watched[:, None] & ~fam.view("revealed")
                                 & (fam.view("severity") > self.problem_threshold))
        noticed = self.teams.relapse_noticed(self.dice("relapse")(state.now, rows, needs))
        fam.revealed[rows[noticed], needs[noticed]] = True
        state.counters.add("relapses_noticed", int(noticed.sum()))
