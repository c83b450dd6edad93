"""KooperacjeModel: the weekly schedule of a municipality's social assistance system.

The step reads like the programme's own description of the work: families arrive, needs evolve
and crises happen, institutions notice problems in their own work (and, in a PZK, tell the
worker), workers contact, diagnose and refer (task teams plan jointly), institutions serve their
queues, families leave or come back, the partnership matures, metrics are recorded.
"""

from __future__ import annotations

from collections import defaultdict

import mesa
import numpy as np

from sim import metrics
from sim.agents.family import Family
from sim.agents.institution import Institution, Institutions
from sim.agents.social_worker import SocialWorker, Workforce
from sim.config import SimConfig
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import ENDINGS, TaskTeams
from sim.domain import CRISES, NEEDS, SECTORS
from sim.needs import NeedDynamics
from sim.overrides import apply_overrides
from sim.population import ACTIVE, EXITED, NO_ONE, FamilyTable, generate
from sim.referrals import ReferralBook, SERVING
from sim.rng import Streams
from sim.rules import casework, crises, exits, observation, pandemic, service, statutory
from sim.validation import validate


class KooperacjeModel(mesa.Model):
    """One municipality under one set of cooperation rules.

    Args:
        seed: the run's seed (overrides ``config.seed``).
        config: a typed :class:`SimConfig` (defaults: siloed scenario, default municipality).
        **overrides: flat keys such as ``scenario__pzk__information_sharing=0.9``.
    """

    def __init__(self, seed: int | None = None, config: SimConfig | None = None, **overrides):
        cfg = apply_overrides(config or SimConfig(), overrides)
        if seed is not None:
            cfg.seed = seed
        validate(cfg)
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        self.week = 0
        self.streams = Streams(cfg.seed)
        b = cfg.behaviour
        self.dynamics = NeedDynamics(b.needs)
        self.institutions = Institutions(cfg.municipality, b.services)
        self.partnership = Partnership(cfg.scenario.pzk, b.services, self.institutions.sector)
        self.teams = TaskTeams(cfg.scenario.zzk, self._lead_sectors(), len(SECTORS))
        self.client_work = ClientWork(cfg.scenario.client_work)
        n_workers = cfg.municipality.social_workers
        skill = np.clip(self.streams["skill"].normal(1.0, b.workers.skill_spread, n_workers),
                        0.1, 2.0)
        self.workforce = Workforce(n_workers, b.workers, skill)
        self.families = FamilyTable(cfg.municipality.initial_families)
        self.referrals = ReferralBook()
        self.conditions = pandemic.Conditions()
        self.pending_observations: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.shared_reports = np.zeros(n_workers, np.int64)
        self.tally: defaultdict[str, float] = defaultdict(float)
        self.totals: defaultdict[str, float] = defaultdict(float)
        self.weekly: list[dict] = []
        self.crisis_log: list[tuple[np.ndarray, np.ndarray, str]] = []
        self.movement_log: list[tuple[int, np.ndarray, str]] = []
        SocialWorker.create_agents(self, n_workers, index=list(range(n_workers)))
        n_inst = len(self.institutions)
        Institution.create_agents(self, n_inst, index=list(range(n_inst)))
        initial = generate(self.streams["population"], cfg.municipality.initial_families,
                           b.needs, b.families)
        self._arrive(initial, week=0)

    # --- the weekly schedule ------------------------------------------------------------------
    def step(self) -> None:
        self.tally = defaultdict(float)
        self.shared_reports = np.zeros(len(self.workforce), np.int64)
        self.families_apply()
        self.conditions = pandemic.conditions(self)
        self.needs_evolve()
        crises.happen(self)
        statutory.work_week(self)
        observation.observe(self)
        self.teams_review()
        self.teams_watch_for_relapse()
        casework.work_week(self)
        service.serve_week(self)
        exits.leave_or_return(self)
        self.partnership.mature()
        self.weekly.append(metrics.weekly_row(self))
        self.week += 1
        if self.week >= self.cfg.weeks:
            self.running = False

    def run(self) -> None:
        while self.running and self.week < self.cfg.weeks:
            self.step()

    def families_apply(self) -> None:
        """New families come to the OPS (Poisson inflow, exogenous)."""
        rate = self.cfg.behaviour.families.inflow_per_1000 * self.cfg.municipality.initial_families
        k = int(self.streams["inflow"].poisson(rate / 1000))
        rows = generate(self.streams["inflow"], k, self.cfg.behaviour.needs,
                        self.cfg.behaviour.families)
        self._arrive(rows, week=self.now)
        self.tally["inflow"] = k

    def needs_evolve(self) -> None:
        fam, book = self.families, self.referrals
        served = book.cell_mask(fam.n, book["stage"] == SERVING)
        served[:, statutory.PARENTING] |= fam.view("assisted")
        self.tally["shocks"] = self.dynamics.evolve(
            fam.view("severity"), fam.view("eligible"), served, self.streams["shocks"])

    def teams_review(self) -> None:
        """D2: at a review a ZZK ends: goals met, time limit reached, or the family withdraws."""
        fam = self.families
        u = self.streams.uniform("team_withdrawal", fam.n)
        if not self.teams.enabled:
            return
        rows = np.flatnonzero(fam.view("team"))
        outcome = self.teams.review(self.now - fam.team_started[rows], self._goals_met(rows),
                                    fam.engagement[rows], u[rows])
        for k, name in enumerate(ENDINGS):
            self.end_teams(rows[outcome == k], name)

    def teams_watch_for_relapse(self) -> None:
        """D2: team members notice a need that has grown back before the worker does."""
        fam = self.families
        u = self.streams.uniform("relapse", (fam.n, len(NEEDS)))
        if not self.teams.enabled:
            return
        watched = fam.view("team") & (fam.view("status") == ACTIVE)
        relapsed = (watched[:, None] & ~fam.view("revealed")
                    & (fam.view("severity") > self.cfg.behaviour.needs.problem_threshold))
        noticed = relapsed & self.teams.relapse_noticed(u)
        fam.view("revealed")[noticed] = True
        self.tally["relapses_noticed"] += int(noticed.sum())

    # --- moving families in and out -----------------------------------------------------------
    @property
    def now(self) -> int:
        """The week being simulated, counted from 1 (week 0 is the initial caseload)."""
        return self.week + 1

    def _arrive(self, rows: dict, week: int) -> None:
        idx = self.families.append(rows, week)
        needs = self.cfg.behaviour.needs
        self.families.problems_at_entry[idx] = (rows["severity"] > needs.problem_threshold).sum(1)
        Family.create_agents(self, len(idx), row=idx.tolist())
        self._assign_workers(idx)
        self.movement_log.append((week, idx, "entry"))

    def _assign_workers(self, rows: np.ndarray) -> None:
        """Each family goes to the worker with the smallest caseload."""
        load = self.workforce.caseload
        for r in rows:
            w = int(np.argmin(load))
            self.families.worker[r] = w
            load[w] += 1

    def discharge(self, rows: np.ndarray) -> None:
        """Families leave assistance: case, services and task team close."""
        if len(rows) == 0:
            return
        fam = self.families
        force = self.workforce
        np.subtract.at(force.caseload, fam.worker[rows], 1)
        teamed = rows[fam.team[rows]]
        met = self._goals_met(teamed)  # all needs are low at an exit, so its goals are met
        self.end_teams(teamed[met], "success")
        self.end_teams(teamed[~met], "dropout")
        fam.status[rows] = EXITED
        fam.exits[rows] += 1
        fam.worker[rows] = -1
        fam.revealed[rows] = False
        fam.known_served[rows] = False
        fam.stable_weeks[rows] = 0
        fam.procedure_weeks[rows] = 0
        self.referrals.close(np.isin(self.referrals["family"], rows), "closed", self.week)
        self.movement_log.append((self.now, rows, "exit"))
        self.tally["exits"] += len(rows)

    def readmit(self, rows: np.ndarray) -> None:
        """Families that left come back (applied again, or brought back by a crisis)."""
        if len(rows) == 0:
            return
        fam = self.families
        fam.status[rows] = ACTIVE
        fam.reentries[rows] += 1
        fam.stable_weeks[rows] = 0
        self._assign_workers(rows)
        self.movement_log.append((self.now, rows, "reentry"))
        self.tally["reentries"] += len(rows)

    # --- bookkeeping used by rules ------------------------------------------------------------
    def start_teams(self, rows: np.ndarray, goals: np.ndarray) -> None:
        """ZZKs form around these families with these goals (family × need); slots are taken."""
        if len(rows) == 0:
            return
        fam = self.families
        fam.team[rows] = True
        fam.team_goals[rows] = goals
        fam.team_sectors[rows] = self.teams.sectors_spanned(goals)
        fam.team_started[rows] = self.now
        fam.programme[rows] = self.teams.log_start(rows, fam.worker[rows], goals, self.now)
        self.workforce.teams += np.bincount(fam.worker[rows], minlength=len(self.workforce))
        self.tally["teams_formed"] += len(rows)

    def end_teams(self, rows: np.ndarray, outcome: str) -> None:
        """The ZZKs of these families end with ``outcome``; their workers' slots free."""
        if len(rows) == 0:
            return
        fam = self.families
        self.teams.log_end(fam.programme[rows], outcome, self.now)
        np.subtract.at(self.workforce.teams, fam.worker[rows], 1)
        fam.team[rows] = False
        fam.programme[rows] = NO_ONE
        fam.team_goals[rows] = False
        fam.team_sectors[rows] = 0
        fam.team_ended[rows] = self.now
        self.tally["teams_ended"] += len(rows)
        self.tally[f"teams_ended_{outcome}"] += len(rows)

    def _goals_met(self, rows: np.ndarray) -> np.ndarray:
        """Per family, every goal of its ZZK's plan is below the independence threshold."""
        fam = self.families
        low = fam.severity[rows] < self.cfg.behaviour.families.independence_threshold
        return np.all(low | ~fam.team_goals[rows], axis=1)

    def note_observation(self, rows: np.ndarray, needs: np.ndarray, sector: int) -> None:
        """An institution of ``sector`` learned of these needs outside routine contact."""
        candidates = np.flatnonzero(self.institutions.sector == sector)
        if len(candidates) and len(rows):
            who = candidates[rows % len(candidates)]
            self.pending_observations.append((rows, needs, who))

    def log_crises(self, rows: np.ndarray, name: str) -> None:
        self.crisis_log.append((np.full(len(rows), self.now), rows, name))

    def _lead_sectors(self) -> np.ndarray:
        """Per need, the sector whose service addresses it best (its seat in a ZZK)."""
        eff = self.cfg.behaviour.services.effect
        table = np.array([[eff.get(s, {}).get(n, 0.0) for n in NEEDS] for s in SECTORS])
        return np.argmax(table, axis=0)
