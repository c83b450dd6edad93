"""New families come to the OPS: a Poisson inflow, exogenous (the same in every scenario)."""

from __future__ import annotations

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
        self.weekly_rate = b.families.inflow_per_1000 * cfg.municipality.initial_families / 1000

    def __call__(self, state: State) -> None:
        draw = self.generator("inflow")
        k = int(draw.poisson(self.weekly_rate))
        if k:  # a week without newcomers draws nothing more
            state.arrive(self.newcomers, draw, k)
        state.counters.set("inflow", k)
