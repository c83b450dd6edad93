"""New families come to the OPS: a Poisson inflow, exogenous (the same in every scenario)."""

from __future__ import annotations

import math

from sim.config import SimConfig
from sim.population import Newcomers
from sim.processes.process import Process
from sim.rng import Streams
from sim.state import State


class Arrivals(Process):
    streams = ("inflow",)
    counters = ("inflow",)

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        b = cfg.behaviour
        self.newcomers = Newcomers(b.needs, b.families)
        self.weekly_rate = weekly_rate(cfg)

    def __call__(self, state: State) -> None:
        draw = self.generator("inflow")
        k = int(draw.poisson(self.weekly_rate))
        if k:  # a week without newcomers draws nothing more
            state.arrive(self.newcomers, draw, k)
        state.counters.set("inflow", k)


def weekly_rate(cfg: SimConfig) -> float:
    """Mean new families a week (the Poisson inflow's rate)."""
    return cfg.behaviour.families.inflow_per_1000 * cfg.municipality.initial_families / 1000


def rows_needed(cfg: SimConfig) -> int:
    """Family rows a run is expected to use: the initial caseload and the inflow of its weeks,
    with room for four standard deviations of the Poisson total (rows never go away, so a
    table this size rarely has to grow during the run)."""
    inflow = weekly_rate(cfg) * cfg.weeks
    return cfg.municipality.initial_families + math.ceil(inflow + 4 * math.sqrt(inflow))
