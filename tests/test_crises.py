"""Crises come from smooth hazards: no crisis rate hangs on one shock size or hazard parameter."""

import numpy as np
import pytest
from conftest import scenario_config
from joblib import Parallel, delayed

import sim
from sim.config import SimConfig
from sim.domain import CRISES
from sim.processes.crises import hazard

SEEDS = (11, 12)
FACTOR = 2.0  # stated bound: a ±20% move of one parameter may not move a rate by more than 2x
MIN_EVENTS = 15  # rates with fewer events over the seeds are too noisy to compare


def test_hazard_has_numpys_bits_of_one_minus_exp():
    """The hazard's three numpy calls (the sign left out twice) give the bits of numpy's
    −expm1(−rate × severity^steepness) computed as written."""
    worst = np.random.default_rng(1).random(1000)
    rate = np.random.default_rng(2).random(1000) * 0.2
    for steepness in (1.0, 2.5, 3.0):
        expected = -np.expm1(-(np.power(worst, steepness) * rate))
        assert hazard(worst, rate, steepness).tobytes() == expected.tobytes()
        assert hazard(worst, 0.1, steepness).tobytes() == (
            -np.expm1(-(np.power(worst, steepness) * 0.1))).tobytes()


def test_hazard_rises_smoothly_with_severity():
    needs = SimConfig().behaviour.needs
    p = hazard(np.linspace(0, 1, 101), needs.crisis_hazard["niebieska_karta"],  # violence
               needs.crisis_steepness["niebieska_karta"])
    assert p[0] == 0 and np.all(np.diff(p) > 0)
    assert np.max(np.diff(p)) < 0.05 * p[-1] + 1e-12  # no jump anywhere


def _counts(overrides: dict) -> np.ndarray:
    out = np.zeros(len(CRISES))
    for seed in SEEDS:
        s = sim.run(scenario_config("siloed", weeks=156, seed=seed, **overrides)).summary
        out += [s[f"crises_{c}"] for c in CRISES]
    return out


def _moves() -> dict[str, dict]:
    needs = SimConfig().behaviour.needs
    moves = {}
    for factor in (0.8, 1.2):
        for shock, spec in needs.shocks.items():
            moves[f"shock {shock} x{factor}"] = {
                f"behaviour__needs__shocks__{shock}__needs__{n}": min(v * factor, 1.0)
                for n, v in spec.needs.items()}
        for c in CRISES:
            moves[f"hazard {c} x{factor}"] = {
                f"behaviour__needs__crisis_hazard__{c}": needs.crisis_hazard[c] * factor}
            moves[f"steepness {c} x{factor}"] = {
                f"behaviour__needs__crisis_steepness__{c}": needs.crisis_steepness[c] * factor}
    return moves


def test_no_crisis_rate_moves_more_than_twofold_when_one_parameter_moves_20_percent():
    moves = _moves()
    base, *varied = Parallel(n_jobs=2)(delayed(_counts)(o) for o in [{}, *moves.values()])
    assert (base >= MIN_EVENTS).sum() >= 3, base  # the test has rates to compare
    for name, counts in zip(moves, varied):
        for c, (b, v) in enumerate(zip(base, counts)):
            if b >= MIN_EVENTS:
                ratio = (v + 1) / (b + 1)
                assert 1 / FACTOR < ratio < FACTOR, (name, CRISES[c], b, v)


@pytest.mark.parametrize("crisis", ["niebieska_karta", "foster_care", "eviction"])
def test_a_higher_hazard_gives_more_crises(crisis):
    low = _counts({f"behaviour__needs__crisis_hazard__{crisis}": 0.5
                   * SimConfig().behaviour.needs.crisis_hazard[crisis]})
    high = _counts({})
    assert high[CRISES.index(crisis)] > low[CRISES.index(crisis)]
