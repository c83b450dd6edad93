"""The PZK reviews its local basket of services (lokalny koszyk usług) once the week's queues are
known: the coordinator keeps the picture of offers current, unmet demand by need is recorded, and
a persistent gap gets new places (``cooperation/basket.py``). New places count from the next week;
their one-off cost is a service cost of the need, their planning a partner cost.
"""

from __future__ import annotations

import numpy as np

from sim.config import SimConfig
from sim.cooperation.basket import Basket
from sim.cooperation.leader import Leader
from sim.domain import NEEDS
from sim.processes.process import Process
from sim.state import State


class BasketReview(Process):
    counters = ("basket_services", "basket_places", "basket_partner_hours", "cost_services",
                *(f"cost_services_{n}" for n in NEEDS))

    def __init__(self, cfg: SimConfig, basket: Basket, leader: Leader):
        super().__init__()
        self.cfg = cfg.scenario.pzk.basket
        self.basket, self.leader = basket, leader

    def __call__(self, state: State, unmet: np.ndarray) -> None:
        basket = self.basket
        if not basket.active:
            return
        new = basket.week(unmet, state.now, self.leader.hours)
        for _, need, places in new:
            cost = places * self.cfg.setup_cost_per_place
            state.counters.add("cost_services", cost)
            state.counters.add(f"cost_services_{NEEDS[need]}", cost)
            state.counters.add("basket_places", places)
        if new:
            state.counters.add("basket_services", len(new))
            state.counters.add("basket_partner_hours",
                               len(new) * self.cfg.planning_partner_hours)
        if basket.opening(state.now):  # otherwise next week's places are this week's
            state.institutions.capacity[:] = basket.capacity(state.now + 1)
