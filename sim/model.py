"""KooperacjeModel: the weekly schedule of a municipality's social assistance system.

The step reads like the programme's own description of the work: families arrive, needs evolve
and crises happen, the statutory baseline works, institutions notice problems in their own work
(and, in a PZK, tell the worker), task teams review their plans, workers contact, diagnose and
refer, institutions serve their queues (in a PZK, members' free places are shared through the
local basket of services, which then closes persistent gaps), families leave or come back, the
partnership matures (as fast as its leader lets it), the week is recorded. Each process is a
unit of ``sim/processes``; what one hands to the next (conditions, observations, shared reports,
unmet demand) is passed as a value.
"""

from __future__ import annotations

from itertools import chain

import mesa
import numpy as np

from sim.agents.family import Family
from sim.agents.institution import Institution, Institutions
from sim.agents.social_worker import SocialWorker, Workforce
from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.client_work import ClientWork
from sim.cooperation.partnership import Partnership
from sim.cooperation.task_team import ProgrammeLog, TaskTeams, lead_sectors
from sim.metrics import WeeklyRecord
from sim.overrides import apply_overrides
from sim.population import FamilyTable, Newcomers
from sim.processes.arrivals import Arrivals, rows_needed
from sim.processes.basket import BasketReview
from sim.processes.casework import Casework
from sim.processes.crises import Crises
from sim.processes.exits import Exits
from sim.processes.needs import NeedsEvolve
from sim.processes.observation import Observation
from sim.processes.pandemic import Pandemic
from sim.processes.services import Services
from sim.processes.statutory import Statutory
from sim.processes.task_teams import TaskTeamWeek
from sim.rng import Streams
from sim.state import Counters, State
from sim.validation import validate

SCHEDULE = (Arrivals, Pandemic, NeedsEvolve, Crises, Statutory, Observation, TaskTeamWeek,
            Casework, Services, BasketReview, Exits)  # the order of KooperacjeModel.step


def build_state(cfg: SimConfig, rng: Streams) -> State:
    """The state at week 0: workers, institutions and the initial caseload (exogenous draws
    only, so every scenario with one seed starts from the same state)."""
    b = cfg.behaviour
    n_workers = cfg.municipality.social_workers
    skill = np.clip(rng["skill"].normal(1.0, b.workers.skill_spread, n_workers), 0.1, 2.0)
    state = State(
        families=FamilyTable(rows_needed(cfg)),
        workforce=Workforce(n_workers, b.workers, skill),
        institutions=Institutions(cfg.municipality, b.services),
        programmes=ProgrammeLog(lead_sectors(b.services)),
        counters=Counters(chain(State.counters_declared, *(p.counters for p in SCHEDULE))),
        problem_threshold=b.needs.problem_threshold,
        independence_threshold=b.families.independence_threshold,
    )
    state.arrive(Newcomers(b.needs, b.families), rng["population"],
                 cfg.municipality.initial_families)
    return state


class KooperacjeModel(mesa.Model):
    """One municipality under one set of cooperation rules.

    Args:
        seed: the run's seed (overrides ``config.seed``).
        config: a typed :class:`SimConfig` (defaults: siloed scenario, default municipality).
        **overrides: flat keys such as ``scenario__pzk__information_sharing=0.9``.

    Randomness: every process draws from named streams of :class:`~sim.rng.Streams` (common
    random numbers across scenarios). Mesa's own ``rng`` is seeded with the same seed so that any
    Mesa call that shuffles is reproducible, but no process uses it.
    """

    def __init__(self, seed: int | None = None, config: SimConfig | None = None, **overrides):
        cfg = (apply_overrides(config, overrides) if config is not None
               else apply_overrides(SimConfig(), overrides, own=True))
        if seed is not None:
            cfg.seed = seed
        validate(cfg)
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        rng = Streams(cfg.seed)
        self.state = build_state(cfg, rng)
        b, sector = cfg.behaviour, self.state.institutions.sector
        self.partnership = Partnership(cfg.scenario.pzk, b.services, sector)
        inst = self.state.institutions
        self.basket = Basket(cfg.scenario.pzk.basket, self.partnership, inst.capacity, inst.effect)
        self.teams = TaskTeams(cfg.scenario.zzk, self.state.programmes.lead_sector)
        self.client_work = ClientWork(cfg.scenario.client_work)

        self.arrivals = Arrivals(cfg, rng)
        self.pandemic = Pandemic(cfg)
        self.needs = NeedsEvolve(cfg, rng)
        self.crises = Crises(cfg, rng)
        self.statutory = Statutory(cfg, rng)
        self.observation = Observation(cfg, rng, self.partnership, self.teams)
        self.task_teams = TaskTeamWeek(cfg, rng, self.teams)
        self.casework = Casework(cfg, rng, self.partnership, self.teams, self.client_work)
        self.services = Services(cfg, rng, self.client_work, self.basket)
        self.basket_review = BasketReview(cfg, self.basket, self.partnership.leader)
        self.exits = Exits(cfg, rng)
        self.record = WeeklyRecord(cfg, self.state.counters, self.partnership, self.teams,
                                   self.basket)
        for index in range(len(self.state.workforce)):  # Mesa registers each with the model
            SocialWorker(self, index)
        for index in range(len(sector)):
            Institution(self, index)

    # --- the weekly schedule ------------------------------------------------------------------
    def step(self) -> None:
        s = self.state
        s.now = self.steps  # Mesa's step counter is the model's only clock
        s.counters.reset()
        self.arrivals(s)
        conditions = self.pandemic(s)
        self.needs(s)
        reported = self.crises(s)
        self.statutory(s)
        shared_reports = self.observation(s, reported)
        self.task_teams(s)
        self.casework(s, conditions, shared_reports)
        unmet = self.services(s, conditions)
        self.basket_review(s, unmet)
        self.exits(s)
        self.partnership.mature()
        self.record(s)
        if self.steps >= self.cfg.weeks:
            self.running = False

    def run(self) -> None:
        """The weeks still to simulate, in one call of Mesa's clock (``run_for``)."""
        if self.running and self.steps < self.cfg.weeks:
            self.run_for(self.cfg.weeks - self.steps)

    # --- for analysts -------------------------------------------------------------------------
    @property
    def weekly(self) -> WeeklyRecord:
        """The weekly rows recorded so far (``model.weekly[-1]``: the last week's, as a dict;
        ``metrics.weekly_frame(model.weekly)``: the table)."""
        return self.record

    def family(self, row: int) -> Family:
        """One household, inspected on demand (families are rows, not objects)."""
        return Family(self.state.families, row)
