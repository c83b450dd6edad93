"""Needs evolve for every family, in assistance or not: unserved needs drift (up or down) and
spill over into related needs; exogenous shocks (job loss, illness…) raise them."""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.config import SimConfig
from sim.domain import NEED_INDEX, NEEDS
from sim.processes.process import Process
from sim.referrals import SERVING
from sim.rng import Streams
from sim.state import State

PARENTING = NEED_INDEX["parenting"]
assert len(NEEDS) < 64  # a family's served needs are the bits of one int64


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
        self.shocks = tuple(c.shocks)
        self.shock_probability = np.array([s.weekly_probability for s in c.shocks.values()])
        self.shock_effect = np.array([[s.needs.get(n, 0.0) for n in NEEDS]
                                      for s in c.shocks.values()]).reshape(-1, len(NEEDS))

    def __call__(self, state: State) -> None:
        """Drift and spill-over of unserved needs, then shocks; counts the shocks.

        Shock draws are one uniform per family and shock, every week, for CRN.
        """
        fam = state.families
        draws = self.generator("shocks").random((len(self.shocks), fam.n))
        _evolve(fam.view("severity"), fam.view("eligible"), state.referrals.rows,
                fam.view("assisted"), self.drift, self.recovery, self.spill_from, self.spill_to,
                self.spill_rate, self.cfg.spillover_threshold, self.shock_probability,
                self.shock_effect, draws, state.counters.values, self.positions(state.counters)[0])


@njit(cache=True)
def _evolve(severity, eligible, book, assisted, drift, recovery, spill_from, spill_to,
            spill_rate, threshold, shock_probability, shock_effect, u, counters, shocks_at):
    """Which needs are served (a referral of the ``book`` in service; parenting also when the
    family is ``assisted``), as bits of one code per family; then one family at a time:
    spill-over from the needs as they were, drift, shocks, clip. Counts the shocks."""
    n, d = severity.shape
    served = np.zeros(n, np.int64)
    for b in range(len(book)):
        if book[b].stage == SERVING:
            served[book[b].family] |= 1 << book[b].need
    spill = np.empty(d)
    hits = 0
    for r in range(n):
        unserved = ~(served[r] | (np.int64(assisted[r]) << PARENTING))
        for k in range(d):
            spill[k] = 0.0
        for j in range(len(spill_from)):
            f = spill_from[j]
            # adds 0 (an exact no-op) where the source is no unserved need above the threshold
            excess = max(severity[r, f] - threshold, 0.0)
            spill[spill_to[j]] += spill_rate[j] * excess * ((unserved >> f) & 1)
        shocked = False
        for s in range(len(shock_probability)):
            shocked |= u[s, r] < shock_probability[s]
        for k in range(d):
            growing = (unserved >> k) & 1 == 1 and severity[r, k] > 0
            growth = drift[k] * severity[r, k] - recovery[k] if growing else 0.0
            severity[r, k] += growth + (spill[k] if eligible[r, k] else 0.0)
            if not shocked:  # no shock comes before the clip: clipped at once
                severity[r, k] = min(max(severity[r, k], 0.0), 1.0)
        if shocked:
            for s in range(len(shock_probability)):
                if u[s, r] < shock_probability[s]:
                    hits += 1
                    for k in range(d):
                        severity[r, k] += shock_effect[s, k] if eligible[r, k] else 0.0
            for k in range(d):
                severity[r, k] = min(max(severity[r, k], 0.0), 1.0)
    counters[shocks_at] = hits
