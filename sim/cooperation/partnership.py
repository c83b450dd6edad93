"""D1, Partnerski Zespół Kooperacyjny (PZK): institution with institution.

Members meet every month. Meetings cost staff time and build maturity: members learn each other's
competences, which shortens referral handling and cuts misdirected referrals to members. How fast
they learn depends on the leader (``leader.py``: the OPS as lider / animator). What a member
observes of a family reaches the family's social worker with some probability. The local basket
of services (``basket.py``) is the partnership's shared offer.
Switched off (siloed), none of this happens; with ``benefits`` off (the costs_only reference) the
meetings happen and cost time while sharing, delays and misdirection stay as when siloed.
"""

from __future__ import annotations

import numpy as np

from sim.config import PartnershipConfig, ServiceConfig
from sim.cooperation.leader import Leader
from sim.domain import SECTORS, WEEKS_PER_MONTH


class Partnership:
    def __init__(self, cfg: PartnershipConfig, services: ServiceConfig, sector_of: np.ndarray):
        self.cfg = cfg
        self.services = services
        in_pzk = np.zeros(len(SECTORS), bool)  # per sector
        if cfg.enabled:
            in_pzk[[SECTORS.index(s) for s in cfg.members if s not in cfg.excluded]] = True
        self.member = in_pzk[sector_of]  # per institution
        self.maturity = cfg.initial_maturity if cfg.enabled else 0.0
        self.leader = Leader(cfg.leader, bool(cfg.enabled and cfg.leader.enabled))
        # benefits off (the costs_only reference): meetings happen and cost, nothing else changes
        effective = cfg.enabled and cfg.benefits
        self.sharing = cfg.information_sharing if effective else 0.0
        self.mature_delay = (cfg.mature_referral_delay_weeks if effective
                             else services.referral_delay_weeks)
        self.mature_misdirection = cfg.mature_misdirection if effective else services.misdirection
        # members' hours in meetings a week: the members and the meetings stay through a run
        self._partner_hours = (float(self.member.sum()) * cfg.meeting_hours_per_month
                               / WEEKS_PER_MONTH if cfg.enabled else 0.0)

    @property
    def enabled(self) -> bool:
        return bool(self.cfg.enabled)

    @property
    def helps(self) -> bool:
        """The partnership changes the work (off: it only meets and costs time)."""
        return self.enabled and bool(self.cfg.benefits)

    def _toward_mature(self, siloed: float, mature: float) -> float:
        return siloed + (mature - siloed) * self.maturity

    def member_referral_delay(self) -> float:
        """Handling delay in weeks of referrals to members (to others, as when siloed)."""
        return self._toward_mature(self.services.referral_delay_weeks, self.mature_delay)

    def member_misdirection(self) -> float:
        """Probability that a referral meant for a member goes astray (to others, as when
        siloed)."""
        return self._toward_mature(self.services.misdirection, self.mature_misdirection)

    def partner_hours(self) -> float:
        """Member staff hours in PZK meetings this week."""
        return self._partner_hours

    def worker_hours(self, n_workers: int = 1) -> float:
        """Hours each social worker gives the PZK this week (meetings, agreements and their
        share of the coordinator's tasks)."""
        if not self.enabled:
            return 0.0
        own = self.cfg.worker_hours_per_month / WEEKS_PER_MONTH
        return own + self.leader.worker_hours(n_workers)

    def mature(self) -> None:
        """Maturity grows with meeting hours toward 1 (saturating learning), as fast as the
        leader's hours allow."""
        if self.enabled:
            hours = self.cfg.meeting_hours_per_month / WEEKS_PER_MONTH
            gain = min(1.0, self.cfg.maturity_per_meeting_hour * hours)
            gain *= self.leader.learning_factor
            self.maturity += gain * (1.0 - self.maturity)
