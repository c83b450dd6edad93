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
from sim.rng import cast

ACTIVE, EXITED = 1, 2
NO_ONE = -1
ALL_NEEDS = np.arange(len(NEEDS))


@njit(cache=True, inline="always")
def reveal(r, needs, severity, revealed, threshold, probability, week, die):
    """Each of ``needs`` that is a problem of family ``r`` hidden from the worker comes to
    light with ``probability`` (a diagnosis, a group's or a team's notice). Returns how many
    did."""
    found = 0
    for j in needs:
        if (severity[r, j] > threshold and not revealed[r, j]
                and cast(die, week, r, j) < probability):
            revealed[r, j] = True
            found += 1
    return found


@njit(cache=True, inline="always")
def hides_problems(r, severity, revealed, threshold):
    """Family ``r`` has a problem need its worker does not know of. Tested over every need
    without a branch, it spares most families :func:`reveal`'s need-by-need tests (which pass
    nothing without a hidden problem)."""
    hidden = 0
    for j in range(severity.shape[1]):
        hidden += (severity[r, j] > threshold) & (not revealed[r, j])
    return hidden > 0


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
        self._columns: dict[tuple[str, ...], tuple[np.ndarray, ...]] = {}
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

    def extend(self, k: int) -> np.ndarray:
        """``k`` new rows (written by :meth:`Newcomers.join`); returns their indices."""
        if self.n + k > len(self.status):
            self._grow(self.n + k)
        self.n += k
        self._views.clear()
        self._columns.clear()
        return np.arange(self.n - k, self.n)

    def view(self, name: str) -> np.ndarray:
        """The rows in use of one array (one view per array while ``n`` stays)."""
        view = self._views.get(name)
        if view is None:  # the first call since ``n`` changed (a missed key is slow to catch)
            view = self._views[name] = getattr(self, name)[: self.n]
        return view

    def views(self, names: tuple[str, ...]) -> tuple[np.ndarray, ...]:
        """:meth:`view` of several arrays, as one tuple per ``names`` while ``n`` stays: a
        kernel that takes many columns gets them with one lookup a week."""
        views = self._columns.get(names)
        if views is None:
            views = self._columns[names] = tuple(self.view(name) for name in names)
        return views


# the positions of Newcomers.parameters: what the households are drawn by, fixed for a run
(SINGLE_SHARE, CHILDREN_SHARE, SENIOR_SHARE, COMMON_WEIGHT, OWN_WEIGHT, SEVERITY_LOW,
 SEVERITY_RANGE, INITIAL_REVEALED, PROBLEM_THRESHOLD) = range(9)


class Newcomers:
    """How families are drawn: composition, needs (one-factor Gaussian copula), engagement.
    Only exogenous generators are drawn, so every scenario with one seed meets the same
    families."""

    def __init__(self, needs: NeedsConfig, fam: FamilyConfig):
        self.extra_members = fam.mean_extra_members
        a = fam.engagement_mean * fam.engagement_spread
        self.engagement = a, fam.engagement_spread - a  # the beta distribution's shape
        rho = needs.co_occurrence
        low, high = needs.initial_severity_low, needs.initial_severity_high
        self.parameters = np.array([fam.single_share, fam.children_share, fam.senior_share,
                                    np.sqrt(rho), np.sqrt(1 - rho), low, high - low,
                                    needs.initial_revealed, needs.problem_threshold])
        self.cut = _cuts(tuple(needs.prevalence[n] for n in NEEDS))

    def join(self, table: FamilyTable, rng: np.random.Generator, k: int,
             week: int) -> np.ndarray:
        """``k`` new families in ``table`` from ``week``; returns their rows.

        The draws, in this order: single, extra members, children and senior, the common and
        the need-specific latent factors, initial severities and revealed needs (the uniforms of
        both in one call: numpy's ``uniform(low, high)`` is ``low + (high - low) * u`` of the
        same uniforms), engagement."""
        d = len(NEEDS)
        u_single = rng.random(k)
        extra = rng.poisson(self.extra_members, k)
        u_children_senior = rng.random((2, k))
        factors = rng.standard_normal(k * (1 + d))  # per family one common, then one per need
        u_level_revealed = rng.random((2, k, d))
        trust = rng.beta(*self.engagement, k)
        rows = table.extend(k)
        _households(rows[0] if k else 0, week, u_single, extra, u_children_senior, factors,
                    u_level_revealed, trust, self.parameters, self.cut, table.status,
                    table.entered_week, table.single, table.size, table.children, table.senior,
                    table.eligible, table.severity, table.revealed, table.engagement,
                    table.problems_at_entry)
        return rows


@njit(cache=True)
def _households(first, week, u_single, extra, u_children_senior, factors, u_level_revealed,
                trust, parameters, cut, status, entered_week, single, size, children, senior,
                eligible, severity, revealed, engagement, problems_at_entry):
    """Each family from its draws, into its row from ``first`` on, in assistance from
    ``week``: composition, which needs it can have and has (a need is present where its latent
    value falls below the prevalence's cut; a family without any gets its most likely need),
    their severity, whether the OPS knows them, and its problem needs at entry."""
    k, d = u_level_revealed.shape[1:]
    common_weight, own_weight = parameters[COMMON_WEIGHT], parameters[OWN_WEIGHT]
    level = parameters[SEVERITY_LOW] + parameters[SEVERITY_RANGE] * u_level_revealed[0]
    u_revealed = u_level_revealed[1]
    for f in range(k):
        r = first + f
        status[r] = ACTIVE
        entered_week[r] = week
        single[r] = u_single[f] < parameters[SINGLE_SHARE]
        size[r] = 1 if single[r] else 2 + max(extra[f] - 1, 0)
        children[r] = not single[r] and u_children_senior[0, f] < parameters[CHILDREN_SHARE]
        senior[r] = u_children_senior[1, f] < parameters[SENIOR_SHARE]
        eligible[r] = True
        for j in _CHILD_NEED_INDEX:
            eligible[r, j] = children[r]
        for j in _SENIOR_NEED_INDEX:
            eligible[r, j] = senior[r]
        severity[r] = 0.0
        revealed[r] = False
        closest, margin, any_present = 0, -np.inf, False
        for j in range(d):
            latent = common_weight * factors[f] + own_weight * factors[k + f * d + j]
            if eligible[r, j]:
                present = latent < cut[j]
                any_present |= present
                if present:
                    severity[r, j] = level[f, j]
                    revealed[r, j] = u_revealed[f, j] < parameters[INITIAL_REVEALED]
                if cut[j] - latent > margin:
                    closest, margin = j, cut[j] - latent
        if not any_present:
            severity[r, closest] = level[f, closest]
            revealed[r, closest] = u_revealed[f, closest] < parameters[INITIAL_REVEALED]
        engagement[r] = trust[f]
        problems_at_entry[r] = 0
        for j in range(d):
            problems_at_entry[r] += severity[r, j] > parameters[PROBLEM_THRESHOLD]


@cache
def _cuts(prevalence: tuple[float, ...]) -> np.ndarray:
    """Per need, the latent value below which the need is present (its prevalence's quantile)."""
    cuts = np.array([NormalDist().inv_cdf(min(max(p, 1e-9), 1 - 1e-9)) for p in prevalence])
    cuts.flags.writeable = False  # shared by every call
    return cuts
