"""D3, the worker with the client: kontrakt socjalny, joint plan, empowerment.

More trust built per contact and fewer abandoned services, a multi-aspect diagnosis, and
coaching and supervision that help workers recover from burnout, paid for with longer contacts
and supervision hours. Off, every factor is neutral; with ``benefits`` off the hours are spent and
the factors stay neutral (the costs_only reference).
"""

from __future__ import annotations

from sim.config import ClientWorkConfig
from sim.domain import WEEKS_PER_MONTH


class ClientWork:
    def __init__(self, cfg: ClientWorkConfig):
        on = bool(cfg.enabled)
        self.enabled = on
        helps = on and bool(cfg.benefits)  # off: the costs_only reference
        self.engagement_gain = cfg.engagement_gain_multiplier if helps else 1.0
        self.dropout_factor = 1.0 - cfg.dropout_reduction if helps else 1.0
        self.diagnosis = cfg.diagnosis_multiplier if helps else 1.0
        self.extra_hours_per_contact = cfg.extra_hours_per_contact if on else 0.0
        self.supervision_hours = cfg.supervision_hours_per_month / WEEKS_PER_MONTH if on else 0.0
        self.burnout_recovery = cfg.burnout_recovery_multiplier if helps else 1.0
