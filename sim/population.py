"""Per-family state as numpy arrays, one row per family ever in the system.

Rows are never removed: a family that leaves assistance keeps its row (status ``EXITED``) and
may come back. New families append rows. Generating families uses only the exogenous streams, so
every scenario run with one seed meets the same families.
"""

from __future__ import annotations

from functools import cache
from statistics import NormalDist

import numpy as np
from numba import njit

from sim.config import FamilyConfig, NeedsConfig
from sim.domain import CRISES, NEED_INDEX, NEEDS

ACTIVE, EXITED = 1, 2
NO_ONE = -1

CHILD_NEEDS = ("parenting", "education")
SENIOR_NEEDS = ("elder_care",)
_CHILD_NEED_INDEX = np.array([NEED_INDEX[n] for n in CHILD_NEEDS])
_SENIOR_NEED_INDEX = np.array([NEED_INDEX[n] for n in SENIOR_NEEDS])


class FamilyTable:
    """Structure of arrays; ``n`` rows in use out of a growing capacity. An array is replaced
    only when the table grows, so the views of the rows in use are kept until ``n`` changes."""

    def __init__(self, capacity: int):
        self.n = 0
        self._views: dict[str, np.ndarray] = {}
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
        new = slice(self.n, self.n + k)
        for name, values in rows.items():
            getattr(self, name)[new] = values
        self.status[new] = ACTIVE
        self.entered_week[new] = week
        self.n += k
        self._views.clear()
        return np.arange(new.start, new.stop)

    def view(self, name: str) -> np.ndarray:
        """The rows in use of one array (one view per array while ``n`` stays)."""
        try:
            return self._views[name]
        except KeyError:
            view = self._views[name] = getattr(self, name)[: self.n]
            return view


def generate(rng: np.random.Generator, k: int, needs: NeedsConfig, fam: FamilyConfig) -> dict:
    """``k`` new families: composition, needs (one-factor Gaussian copula), engagement.

    The draws, in this order: single, extra members, children and senior, the common and the
    need-specific latent factors, initial severities, revealed needs, engagement."""
    d = len(NEEDS)
    u_single = rng.random(k)
    extra = rng.poisson(fam.mean_extra_members, k)
    u_children, u_senior = rng.random((2, k))
    factors = rng.standard_normal(k * (1 + d))  # per family one common, then one per need
    level = rng.uniform(needs.initial_severity_low, needs.initial_severity_high, (k, d))
    u_revealed = rng.random((k, d))
    a = fam.engagement_mean * fam.engagement_spread
    engagement = rng.beta(a, fam.engagement_spread - a, k)
    rho = needs.co_occurrence
    single, size, children, senior, eligible, severity, revealed = _households(
        u_single, extra, u_children, u_senior, factors[:k], factors[k:].reshape(k, d), level,
        u_revealed, fam.single_share, fam.children_share, fam.senior_share, np.sqrt(rho),
        np.sqrt(1 - rho), _cuts(tuple(needs.prevalence[n] for n in NEEDS)),
        needs.initial_revealed, _CHILD_NEED_INDEX, _SENIOR_NEED_INDEX)
    return {
        "severity": severity, "eligible": eligible, "revealed": revealed,
        "engagement": engagement, "size": size, "children": children, "senior": senior,
        "single": single,
    }


@njit(cache=True)
def _households(u_single, extra, u_children, u_senior, common, own, level, u_revealed,
                single_share, children_share, senior_share, common_weight, own_weight, cut,
                initial_revealed, child_needs, senior_needs):
    """Each family from its draws: composition, which needs it can have and has (a need is
    present where its latent value falls below the prevalence's cut; a family without any gets
    its most likely need), their severity and whether the OPS knows them."""
    k, d = own.shape
    single = u_single < single_share
    size = np.where(single, 1, 2 + np.maximum(extra - 1, 0))
    children = ~single & (u_children < children_share)
    senior = u_senior < senior_share
    eligible = np.ones((k, d), np.bool_)
    severity = np.zeros((k, d))
    revealed = np.zeros((k, d), np.bool_)
    for f in range(k):
        for j in child_needs:
            eligible[f, j] = children[f]
        for j in senior_needs:
            eligible[f, j] = senior[f]
        closest, margin, any_present = 0, -np.inf, False
        for j in range(d):
            latent = common_weight * common[f] + own_weight * own[f, j]
            if eligible[f, j]:
                present = latent < cut[j]
                any_present |= present
                if present:
                    severity[f, j] = level[f, j]
                    revealed[f, j] = u_revealed[f, j] < initial_revealed
                if cut[j] - latent > margin:
                    closest, margin = j, cut[j] - latent
        if not any_present:
            severity[f, closest] = level[f, closest]
            revealed[f, closest] = u_revealed[f, closest] < initial_revealed
    return single, size, children, senior, eligible, severity, revealed


@cache
def _cuts(prevalence: tuple[float, ...]) -> np.ndarray:
    """Per need, the latent value below which the need is present (its prevalence's quantile)."""
    cuts = np.array([NormalDist().inv_cdf(min(max(p, 1e-9), 1 - 1e-9)) for p in prevalence])
    cuts.flags.writeable = False  # shared by every call
    return cuts
