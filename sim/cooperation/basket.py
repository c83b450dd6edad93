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
from numba import njit

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
        self.givers = _givers(self.offer, effect)
        self.currency = 1.0 if self.active else 0.0  # published at accession
        d = len(NEEDS)
        self.waiting = np.zeros((max(cfg.gap_weeks, 1), d))  # unmet demand, last gap_weeks
        self.weeks_seen = 0
        self.last_commission = np.full(d, -10**9)
        self.added = np.zeros(len(capacity))  # places commissioned per institution
        self.commissions: list[tuple[int, int, int, int]] = []  # (week, institution, need, places)

    # --- using members' free places ------------------------------------------------------------
    def take_over_chance(self) -> float:
        """The chance that a member takes over a referral queued at a full member: its will to
        (``take_over``) as far as the basket's picture of who has room is current."""
        return self.cfg.take_over * self.currency if self.active else 0.0

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
        self.weeks_seen += 1
        new = []
        for d in _persistent_gaps(self.waiting, unmet, self.weeks_seen, self.last_commission, now,
                                  c.ramp_up_weeks + c.gap_weeks):
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

    def opening(self, now: int) -> bool:
        """New places are still opening: the places of week ``now`` + 1 differ from those of
        ``now`` only while the last service commissioned ramps up."""
        return bool(self.commissions) and now - self.commissions[-1][0] < self.cfg.ramp_up_weeks

    def capacity(self, now: int) -> np.ndarray:
        """Places per institution in week ``now``: the base plus commissioned places, each
        service ramping up linearly to its full places ``ramp_up_weeks`` after the week it was
        commissioned (whole places only)."""
        if not self.commissions:
            return self.base.copy()
        extra = np.zeros(len(self.base))
        for week, inst, _, places in self.commissions:
            extra[inst] += places * min(1.0, (now - week) / self.cfg.ramp_up_weeks)
        return self.base + np.floor(extra).astype(self.base.dtype)


@njit(cache=True)
def _persistent_gaps(waiting, unmet, weeks_seen, last_commission, now, settle_weeks):
    """This week's ``unmet`` demand, the ``weeks_seen``-th, goes into the window (``waiting``:
    weeks × needs, the oldest week overwritten); once the window is full, returns the needs with
    referrals waiting in every week of it and no new places commissioned in the last
    ``settle_weeks``."""
    window = len(waiting)
    waiting[(weeks_seen - 1) % window] = unmet
    gaps = []
    if weeks_seen < window:
        return gaps
    for d in range(waiting.shape[1]):
        if now - last_commission[d] >= settle_weeks and (waiting[:, d] > 0).all():
            gaps.append(d)
    return gaps


def _givers(offer: np.ndarray, effect: np.ndarray) -> np.ndarray:
    """Per need, the members that offer it, best effect first (equals in institution order),
    then −1: the order in which members take over its referrals."""
    institutions, needs = offer.shape
    givers = np.full((needs, institutions), -1)
    by_effect = np.argsort(-effect, axis=0, kind="stable")  # per need (column)
    for d in range(needs):
        offering = by_effect[offer[by_effect[:, d], d], d]
        givers[d, : len(offering)] = offering
    return givers


@njit(cache=True)
def take_over(need, queued_at, u, chance, member, givers, passed, free):
    """The member that takes over a referral for ``need`` queued at a full member ``queued_at``
    (−1: it stays): with probability ``chance`` (``u`` its die), if the full one is a member,
    the member offering the need with the best effect and a free place (see :func:`_givers`),
    which it takes. ``passed``: per need, how many of its givers were found full already this
    week; free places only fall while referrals are taken over, so those are not asked again
    (at 100,000 families asking each member in turn took most of the services' week)."""
    if not member[queued_at] or u >= chance:
        return -1
    for at in range(passed[need], givers.shape[1]):
        giver = givers[need, at]
        if giver < 0:
            break
        if free[giver] > 0:
            free[giver] -= 1
            passed[need] = at
            return giver
        passed[need] = at + 1
    return -1
