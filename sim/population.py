"""Per-family state as numpy arrays, one row per family ever in the system.

Rows are never removed: a family that leaves assistance keeps its row (status ``EXITED``) and
may come back. New families append rows. Generating families uses only the exogenous streams, so
every scenario run with one seed meets the same families.
"""

from __future__ import annotations

from functools import cache
from statistics import NormalDist

import numpy as np

from sim.config import FamilyConfig, NeedsConfig
from sim.domain import CRISES, NEED_INDEX, NEEDS

ACTIVE, EXITED = 1, 2
NO_ONE = -1

CHILD_NEEDS = ("parenting", "education")
SENIOR_NEEDS = ("elder_care",)


class FamilyTable:
    """Structure of arrays; ``n`` rows in use out of a growing capacity."""

    def __init__(self, capacity: int):
        self.n = 0
        self._allocate(max(capacity, 16))

    def _allocate(self, cap: int) -> None:
        d, c = len(NEEDS), len(CRISES)
        self.severity = np.zeros((cap, d))  # need severity in [0, 1]
        self.eligible = np.zeros((cap, d), bool)  # the need can exist in this family
        self.revealed = np.zeros((cap, d), bool)  # the OPS knows the need
        self.known_served = np.zeros((cap, d), bool)  # the OPS knows someone serves it
        self.engagement = np.zeros(cap)  # trust in the worker, in [0, 1]
        self.status = np.zeros(cap, np.int8)
        self.worker = np.full(cap, NO_ONE, np.int32)
        self.team = np.zeros(cap, bool)  # a ZZK works with the family
        self.programme = np.full(cap, NO_ONE, np.int32)  # id of the open ZZK's plan
        self.team_goals = np.zeros((cap, d), bool)  # needs the open ZZK's plan takes on
        self.team_sectors = np.zeros(cap, np.int32)  # sectors at the ZZK's table
        self.team_started = np.zeros(cap, np.int32)  # week the open ZZK formed
        self.team_ended = np.full(cap, NO_ONE, np.int32)  # week the last ZZK ended, -1 never
        self.stable_weeks = np.zeros(cap, np.int32)
        self.weeks_active = np.zeros(cap, np.int32)  # weeks in assistance so far
        self.size = np.zeros(cap, np.int16)
        self.children = np.zeros(cap, bool)
        self.senior = np.zeros(cap, bool)
        self.single = np.zeros(cap, bool)
        self.entered_week = np.zeros(cap, np.int32)
        self.problems_at_entry = np.zeros(cap, np.int16)  # needs above the problem threshold
        self.exits = np.zeros(cap, np.int32)
        self.reentries = np.zeros(cap, np.int32)
        self.crisis_cooldown = np.zeros((cap, c), np.int32)
        self.crises = np.zeros((cap, c), np.int32)
        self.foster_weeks = np.zeros(cap, np.int32)  # weeks of placement left
        self.shelter_weeks = np.zeros(cap, np.int32)  # weeks in a shelter left
        self.procedure_weeks = np.zeros(cap, np.int32)  # weeks left of a Niebieska Karta procedure
        self.assisted = np.zeros(cap, bool)  # a family assistant works with the family
        self.assistant_weeks = np.zeros(cap, np.int32)  # weeks of the current assistance

    def _grow(self, needed: int) -> None:
        old = {k: v for k, v in vars(self).items() if isinstance(v, np.ndarray)}
        cap = len(self.status)
        while cap < needed:
            cap *= 2
        self._allocate(cap)
        for name, arr in old.items():
            getattr(self, name)[: self.n] = arr[: self.n]

    def append(self, rows: dict[str, np.ndarray], week: int) -> np.ndarray:
        """Add families; returns their row indices."""
        k = len(rows["size"])
        if self.n + k > len(self.status):
            self._grow(self.n + k)
        idx = np.arange(self.n, self.n + k)
        for name, values in rows.items():
            getattr(self, name)[idx] = values
        self.status[idx] = ACTIVE
        self.entered_week[idx] = week
        self.n += k
        return idx

    def view(self, name: str) -> np.ndarray:
        """The rows in use of one array."""
        return getattr(self, name)[: self.n]


def generate(rng: np.random.Generator, k: int, needs: NeedsConfig, fam: FamilyConfig) -> dict:
    """``k`` new families: composition, needs (one-factor Gaussian copula), engagement."""
    d = len(NEEDS)
    single = rng.random(k) < fam.single_share
    extra = rng.poisson(fam.mean_extra_members, k)
    size = np.where(single, 1, 2 + np.maximum(extra - 1, 0))
    children = ~single & (rng.random(k) < fam.children_share)
    senior = rng.random(k) < fam.senior_share
    eligible = np.ones((k, d), bool)
    for name in CHILD_NEEDS:
        eligible[:, NEED_INDEX[name]] = children
    for name in SENIOR_NEEDS:
        eligible[:, NEED_INDEX[name]] = senior

    rho = needs.co_occurrence
    latent = np.sqrt(rho) * rng.standard_normal((k, 1)) + np.sqrt(1 - rho) * rng.standard_normal(
        (k, d)
    )
    cut = _cuts(tuple(needs.prevalence[n] for n in NEEDS))
    present = (latent < cut) & eligible
    # every family applies for a reason: one without any gets its most likely need
    none = ~present.any(axis=1)
    closest = np.argmax(np.where(eligible, cut - latent, -np.inf), axis=1)
    present[none, closest[none]] = True
    level = rng.uniform(needs.initial_severity_low, needs.initial_severity_high, (k, d))
    severity = np.where(present, level, 0.0)
    revealed = present & (rng.random((k, d)) < needs.initial_revealed)
    a = fam.engagement_mean * fam.engagement_spread
    engagement = rng.beta(a, fam.engagement_spread - a, k)
    return {
        "severity": severity, "eligible": eligible, "revealed": revealed,
        "engagement": engagement, "size": size, "children": children, "senior": senior,
        "single": single,
    }


@cache
def _cuts(prevalence: tuple[float, ...]) -> np.ndarray:
    """Per need, the latent value below which the need is present (its prevalence's quantile)."""
    cuts = np.array([NormalDist().inv_cdf(min(max(p, 1e-9), 1 - 1e-9)) for p in prevalence])
    cuts.flags.writeable = False  # shared by every call
    return cuts
