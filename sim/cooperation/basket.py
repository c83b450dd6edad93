"""D1, lokalny koszyk usług: the local basket of services of a PZK.

Members present their offer (the needs they serve and their places) when they sign the
declaration of accession. The basket lets the partnership use members' capacity across
institutional boundaries: a referral queued at a full member can start at another member with a
free place that serves the same need, if the basket's picture of who has room is current and that
member takes it (``take_over``). The picture goes stale every week (``staleness``) unless the
coordinator keeps it current (``upkeep_per_hour`` per hour of the leader's week).

The basket also records unmet demand by need (referrals still waiting after admission). A need
with referrals waiting in every week of a ``gap_weeks`` window is a persistent gap: the
partnership commissions new places at the member that serves it best, in proportion to the
demand left waiting and to how current the basket is, at a one-off cost and with planning hours;
the places ramp up linearly over ``ramp_up_weeks``, and the need's gap is judged again only a full
window after they are all open.

Off (``enabled`` false, no PZK, or the PZK's ``benefits`` off in the costs_only reference) it
changes nothing: no place is shared and none is created.
"""

from __future__ import annotations

import numpy as np

from sim.config import BasketConfig
from sim.cooperation.partnership import Partnership
from sim.domain import NEEDS


class Basket:
    def __init__(self, cfg: BasketConfig, partnership: Partnership, capacity: np.ndarray,
                 effect: np.ndarray):
        self.cfg = cfg
        self.partnership = partnership
        self.active = partnership.helps and bool(cfg.enabled)
        self.member = partnership.member
        self.base = capacity.copy()  # places before any new service
        self.effect = effect  # institution × need
        # the offer: which member serves which need (capacity > 0 and an effect)
        self.offer = (effect > 0) & (capacity > 0)[:, None] & self.member[:, None]
        self.currency = 1.0 if self.active else 0.0  # published at accession
        d = len(NEEDS)
        self.waiting = np.zeros((max(cfg.gap_weeks, 1), d))  # unmet demand, last gap_weeks
        self.weeks_seen = 0
        self.last_commission = np.full(d, -10**9)
        self.added = np.zeros(len(capacity))  # places commissioned per institution
        self.commissions: list[tuple[int, int, int, int]] = []  # (week, institution, need, places)

    # --- using members' free places ------------------------------------------------------------
    def take_over(self, queued_need: np.ndarray, queued_at: np.ndarray, free: np.ndarray,
                  u: np.ndarray) -> np.ndarray:
        """For referrals still queued after admission (in queue order), the member that takes
        each one over (−1: it stays). ``free`` (places left per institution) is consumed."""
        taker = np.full(len(queued_need), -1, np.int64)
        if not self.active or len(queued_need) == 0:
            return taker
        eligible = self.member[queued_at] & (u < self.cfg.take_over * self.currency)
        for d in np.unique(queued_need[eligible]):
            rows = np.flatnonzero(eligible & (queued_need == d))
            givers = np.flatnonzero(self.offer[:, d] & (free > 0))
            if len(givers) == 0:
                continue
            givers = givers[np.lexsort((givers, -self.effect[givers, d]))]  # best effect first
            places = np.repeat(givers, free[givers])[: len(rows)]
            taker[rows[: len(places)]] = places
            np.subtract.at(free, places, 1)
        return taker

    # --- closing persistent gaps ----------------------------------------------------------------
    def week(self, unmet: np.ndarray, now: int, hours: float) -> list[tuple[int, int, int]]:
        """Upkeep of the picture, this week's unmet demand, and new services for persistent
        gaps; returns the services commissioned this week as (institution, need, places)."""
        if not self.active:
            return []
        c = self.cfg
        self.currency += c.upkeep_per_hour * hours * (1.0 - self.currency)
        self.currency -= c.staleness * self.currency
        self.currency = min(max(self.currency, 0.0), 1.0)
        self.waiting[self.weeks_seen % len(self.waiting)] = unmet
        self.weeks_seen += 1
        if self.weeks_seen < len(self.waiting):
            return []
        settled = now - self.last_commission >= c.ramp_up_weeks + c.gap_weeks
        persistent = (self.waiting > 0).all(axis=0) & settled
        new = []
        for d in np.flatnonzero(persistent):
            servers = np.flatnonzero(self.offer[:, d])
            if len(servers) == 0:
                continue
            best = servers[np.lexsort((servers, -self.base[servers], -self.effect[servers, d]))][0]
            room = c.max_extension * self.base[best] - self.added[best]
            places = int(min(round(c.extension_share * self.currency
                                   * self.waiting[:, d].mean()), np.floor(room)))
            if places <= 0:
                continue
            self.added[best] += places
            self.last_commission[d] = now
            self.commissions.append((now, int(best), int(d), places))
            new.append((int(best), int(d), places))
        return new

    def capacity(self, now: int) -> np.ndarray:
        """Places per institution in week ``now``: the base plus commissioned places, each
        service ramping up linearly to its full places ``ramp_up_weeks`` after the week it was
        commissioned (whole places only)."""
        extra = np.zeros(len(self.base))
        for week, inst, _, places in self.commissions:
            extra[inst] += places * min(1.0, (now - week) / self.cfg.ramp_up_weeks)
        return self.base + np.floor(extra).astype(self.base.dtype)
