"""Institution: one local organisation of a sector, with services, a capacity and a queue.

Its state lives in :class:`Institutions` (one row per institution, owned by the model); the Mesa
agent is the handle an analyst inspects.
"""

from __future__ import annotations

import mesa
import numpy as np
from numba import njit

from sim.config import MunicipalityConfig, ServiceConfig
from sim.domain import NEEDS, SECTORS
from sim.referrals import QUEUED, SERVING


class Institutions:
    """Arrays of all institutions: sector, capacity, service effects, what each observes."""

    def __init__(self, municipality: MunicipalityConfig, services: ServiceConfig):
        sector, capacity = [], []
        for s in SECTORS:
            group = municipality.institutions.get(s)
            if group is not None:
                sector += [SECTORS.index(s)] * group.count
                capacity += [group.capacity] * group.count
        self.sector = np.array(sector, np.int32)
        self.capacity = np.array(capacity, np.int64)
        self.effect = _sector_by_need(services.effect)[self.sector]
        # a sector notices at its configured rate however many institutions it has: the rate is
        # shared among them (a family's children attend one school, not six)
        per_sector = np.bincount(self.sector, minlength=len(SECTORS))[self.sector]
        self.observes = (_sector_by_need(services.observation)[self.sector]
                         / np.maximum(per_sector, 1)[:, None])
        self.observation_rate = self.observes.sum(axis=0)  # per need, all sectors together
        self.serves = (self.effect > 0) & (self.capacity > 0)[:, None]
        # per need, cumulative choice shares over institutions (NaN if none; need × institution,
        # so that a choice searches contiguous shares): where a worker refers a need (by
        # effect × capacity), where a misdirected referral lands (an institution that does not
        # serve it), who noticed it (by how much each observes: see observation.py)
        self.right_choice = self._cumulative(self.effect * self.capacity[:, None] * self.serves)
        self.wrong_choice = self._cumulative((~self.serves).astype(float))
        self.notice_choice = self._cumulative(self.observes)
        self.can_serve = self.serves.any(axis=0)  # per need
        self.has_wrong = (~self.serves).any(axis=0)  # per need

    def __len__(self) -> int:
        return len(self.sector)

    @staticmethod
    def _cumulative(weights: np.ndarray) -> np.ndarray:
        """Per need (row), cumulative choice probabilities over institutions (NaN if none)
        from ``weights`` (institution × need)."""
        total = weights.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.ascontiguousarray((np.cumsum(weights, axis=0) / total).T)


def _sector_by_need(table: dict[str, dict[str, float]]) -> np.ndarray:
    """A sector -> need -> value table as an array, sector × need (0 where not given)."""
    return np.array([[table.get(s, {}).get(n, 0.0) for n in NEEDS] for s in SECTORS])


class Institution(mesa.Agent):
    """One local institution (a school, a hospital, the PUP, an NGO…)."""

    def __init__(self, model: mesa.Model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def sector(self) -> str:
        return SECTORS[self.model.state.institutions.sector[self.index]]

    @property
    def capacity(self) -> int:
        return int(self.model.state.institutions.capacity[self.index])

    @property
    def pzk_member(self) -> bool:
        return bool(self.model.partnership.member[self.index])

    @property
    def queue_length(self) -> int:
        book = self.model.state.referrals
        return int(((book["institution"] == self.index) & (book["stage"] == QUEUED)).sum())

    @property
    def serving(self) -> int:
        book = self.model.state.referrals
        return int(((book["institution"] == self.index) & (book["stage"] == SERVING)).sum())


@njit(cache=True)
def free_slots(capacity, capacity_factor, serving):
    """Slots free this week per institution, with ``serving`` services running at each
    (services already running keep theirs when capacity drops)."""
    free = np.floor(capacity * capacity_factor).astype(np.int64)
    return np.maximum(free - serving, 0)


@njit(cache=True)
def first_above(table, need, u):
    """Per choice k, the institution whose cumulative share (row ``need[k]`` of ``table``, need
    × institution) first exceeds ``u[k]``: how many shares are at most u (NaN, where no
    institution qualifies, counts as above), at most the last institution. The binary searches
    run side by side, every one taking the same steps without a branch, so that their reads of
    the table overlap (2.5 times faster than one search after another)."""
    m, n = len(need), table.shape[1]
    if n == 0:
        return np.full(m, -1, np.int64)
    base = np.zeros(m, np.int64)  # each search's answer lies in [base, base + size]
    size = n
    while size > 1:
        half = size >> 1
        for k in range(m):
            base[k] += half * (table[need[k], base[k] + half - 1] <= u[k])
        size -= half
    out = np.empty(m, np.int64)
    for k in range(m):
        out[k] = min(base[k] + (table[need[k], base[k]] <= u[k]), n - 1)
    return out
