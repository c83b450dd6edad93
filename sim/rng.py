"""Named random streams from one seed, built for common random numbers (CRN).

Every purpose (a shock, a contact, a diagnosis, the choice of an institution…) has its own
stream, and a rule draws one number per family row (or per family and need) every week it runs,
whether or not the number is used. Two scenarios with the same seed therefore meet the same
families, the same shocks and the same dice: their difference is cooperation alone.
"""

from __future__ import annotations

import numpy as np

PURPOSES = (
    # exogenous: identical in every scenario
    "population", "inflow", "shocks", "skill",
    # decisions
    "contact", "keep_contact", "contact_order", "diagnosis", "relapse", "observe", "share",
    "own_initiative", "choose_institution", "misdirect", "wrong_institution", "delay", "bounce",
    "accept",
    "queue_order", "dropout", "reentry", "team_order",
    # appended later: new purposes go last so the streams above keep their seeds
    "crisis", "blue_card_group", "assistant_observation", "team_withdrawal",
    "basket_take_over",
)


class Streams:
    """One ``numpy.random.Generator`` per purpose, spawned from ``SeedSequence(seed)``."""

    def __init__(self, seed: int):
        children = np.random.SeedSequence(seed).spawn(len(PURPOSES))
        self._gens = {name: np.random.default_rng(c) for name, c in zip(PURPOSES, children)}

    def __getitem__(self, purpose: str) -> np.random.Generator:
        return self._gens[purpose]

    def uniform(self, purpose: str, shape: int | tuple[int, ...]) -> np.ndarray:
        """Uniforms in [0, 1) for one purpose (float32: half the cost, ample resolution)."""
        return self._gens[purpose].random(shape, dtype=np.float32)
