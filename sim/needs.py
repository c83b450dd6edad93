"""Vectorised need dynamics: drift, spill-over, shocks (all families, active or not)."""

from __future__ import annotations

import numpy as np

from sim.config import NeedsConfig
from sim.domain import NEED_INDEX, NEEDS


class NeedDynamics:
    """Precomputed vectors of one :class:`NeedsConfig`."""

    def __init__(self, cfg: NeedsConfig):
        self.cfg = cfg
        self.drift = np.array([cfg.drift[n] for n in NEEDS])
        self.recovery = np.array([cfg.recovery[n] for n in NEEDS])
        links = [k.split(">") for k in cfg.spillover]
        self.spill_from = np.array([NEED_INDEX[a] for a, _ in links], int)
        self.spill_to = np.array([NEED_INDEX[b] for _, b in links], int)
        self.spill_rate = np.array(list(cfg.spillover.values()))
        self.shocks = [
            (s.weekly_probability, np.array([s.needs.get(n, 0.0) for n in NEEDS]))
            for s in cfg.shocks.values()
        ]

    def evolve(self, severity: np.ndarray, eligible: np.ndarray, served: np.ndarray,
               rng: np.random.Generator) -> int:
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
        for probability, effect in self.shocks:
            hit = rng.random(len(severity)) < probability
            hits += int(hit.sum())
            severity[hit] += effect * eligible[hit]
        np.clip(severity, 0.0, 1.0, out=severity)
        return hits
