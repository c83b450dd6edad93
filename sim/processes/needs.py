"""Needs evolve for every family, in assistance or not: unserved needs drift (up or down) and
spill over into related needs; exogenous shocks (job loss, illness…) raise them."""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.domain import NEED_INDEX, NEEDS
from sim.processes.process import Process
from sim.referrals import SERVING
from sim.rng import Streams
from sim.state import State

PARENTING = NEED_INDEX["parenting"]


class NeedsEvolve(Process):
    """A need is served this week when an institution serves it or, for parenting, a family
    assistant works with the family."""

    streams = ("shocks",)
    counters = ("shocks",)

    def __init__(self, cfg: SimConfig, rng: Streams):
        super().__init__(rng)
        c = self.cfg = cfg.behaviour.needs
        self.drift = np.array([c.drift[n] for n in NEEDS])
        self.recovery = np.array([c.recovery[n] for n in NEEDS])
        links = [k.split(">") for k in c.spillover]
        self.spill_from = np.array([NEED_INDEX[a] for a, _ in links], int)
        self.spill_to = np.array([NEED_INDEX[b] for _, b in links], int)
        self.spill_rate = np.array(list(c.spillover.values()))
        self.shocks = [(s.weekly_probability, np.array([s.needs.get(n, 0.0) for n in NEEDS]))
                       for s in c.shocks.values()]

    def __call__(self, state: State) -> None:
        fam, book = state.families, state.referrals
        served = book.cell_mask(fam.n, book["stage"] == SERVING)
        served[:, PARENTING] |= fam.view("assisted")
        state.counters.set("shocks", self.evolve(fam.view("severity"), fam.view("eligible"),
                                                 served))

    def evolve(self, severity: np.ndarray, eligible: np.ndarray, served: np.ndarray) -> int:
        """Drift and spill-over of unserved needs, then shocks. Returns the number of shocks.

        Shock draws are one uniform per family and shock, every week, for CRN.
        """
        unserved = ~served & (severity > 0)
        growth = self.drift * severity - self.recovery
        excess = np.maximum(severity[:, self.spill_from] - self.cfg.spillover_threshold, 0.0)
        excess *= unserved[:, self.spill_from]
        spill = np.zeros_like(severity)
        for j, (to, rate) in enumerate(zip(self.spill_to, self.spill_rate)):
            spill[:, to] += rate * excess[:, j]
        severity += np.where(unserved, growth, 0.0) + spill * eligible
        hits = 0
        draw = self.generator("shocks")
        for probability, effect in self.shocks:
            hit = draw.random(len(severity)) < probability
            hits += int(hit.sum())
            severity[hit] += effect * eligible[hit]
        np.clip(severity, 0.0, 1.0, out=severity)
        return hits
