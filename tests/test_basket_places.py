"""The places the basket opens reach the institutions week by week, also now that the review
copies them only while a new service ramps up."""

import numpy as np
from conftest import scenario_config

from sim.model import KooperacjeModel

SCARCE = {"municipality__institutions__social_assistance__capacity": 15,
          "municipality__institutions__elder_care__capacity": 10}


def test_each_week_the_institutions_have_the_places_the_basket_has_opened_so_far():
    model = KooperacjeModel(config=scenario_config("pzk", weeks=100, seed=5, **SCARCE))
    basket, capacity = model.basket, model.state.institutions.capacity
    opened_while_running = False
    for _ in range(100):
        model.step()
        now = model.state.now
        assert np.array_equal(capacity, basket.capacity(now + 1)), now
        opened_while_running |= basket.opening(now)
    assert basket.commissions and opened_while_running  # the rule was exercised
    last = basket.commissions[-1][0]
    assert not basket.opening(last + basket.cfg.ramp_up_weeks)
