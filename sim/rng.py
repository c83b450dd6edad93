"""Named random streams from one seed, built for common random numbers (CRN).

Every purpose (a shock, a contact, a diagnosis, the choice of an institution…) has its own
stream. A decision of the weekly schedule is cast with **dice**: the die of a purpose for one
family (and need, or crisis) in one week is a hash of the run's seed, the purpose, the week, the
family's row and the need (counter-based random numbers, as in Random123). Every die exists
whether or not it is cast, and casting one consumes nothing, so two scenarios with the same seed
meet the same families, the same shocks and the same dice: their difference is cooperation alone.
Only the dice a rule uses are computed.

The exogenous draws of whole families (their composition and needs, the inflow, the workers'
skill) and the shocks come from ``numpy`` generators, one per purpose, drawn in the same order
in every scenario.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit

PURPOSES = (
    # exogenous: identical in every scenario
    "population", "inflow", "shocks", "skill",
    # decisions
    "contact", "keep_contact", "contact_order", "diagnosis", "relapse", "observe", "share",
    "own_initiative", "choose_institution", "misdirect", "wrong_institution", "delay", "bounce",
    "accept",
    "queue_order", "dropout", "reentry", "team_order",
    # appended later: new purposes go last so the streams above keep their seeds
    "crisis", "blue_card_group", "assistant_observation", "team_withdrawal",
    "basket_take_over",
)
GENERATORS = ("population", "inflow", "shocks", "skill")  # drawn in sequence; the rest are dice

# a die's counter: the row in the high bits, then the week, then the need (or crisis) in the low
# bits; weeks and slots beyond these widths would alias other dice (the schema allows at most
# 5,200 weeks; there are 10 needs and 4 crises)
WEEK_BITS, SLOT_BITS = 16, 8


class Streams:
    """Per purpose, a ``numpy.random.Generator`` (exogenous draws) or :class:`Dice`, each
    spawned from ``SeedSequence(seed)``."""

    def __init__(self, seed: int):
        self._gens = {name: np.random.default_rng(_child(seed, name)) for name in GENERATORS}
        self._dice = {name: Dice(key) for name, key in _dice_keys(seed).items()}

    def __getitem__(self, purpose: str) -> np.random.Generator:
        return self._gens[purpose]

    def dice(self, purpose: str) -> Dice:
        return self._dice[purpose]


def _child(seed: int, purpose: str) -> np.random.SeedSequence:
    """The purpose's child of ``SeedSequence(seed)``, as ``spawn`` makes it."""
    return np.random.SeedSequence(seed, spawn_key=(PURPOSES.index(purpose),))


@lru_cache(maxsize=256)
def _dice_keys(seed: int) -> dict[str, np.uint64]:
    """Per purpose cast with dice, its key. Kept for the seeds used last: a study runs each
    seed in every scenario and cell (common random numbers), and the keys cost a fifth of a
    millisecond to derive."""
    return {name: _child(seed, name).generate_state(1, np.uint64)[0]
            for name in PURPOSES if name not in GENERATORS}


class Dice:
    """One purpose's dice: ``dice(week, rows, slots)`` are uniforms in [0, 1), one per (row,
    slot) pair; compiled kernels cast them one at a time with :func:`cast` and ``dice.key``."""

    def __init__(self, key: np.uint64):
        self.key = key

    def __call__(self, week: int, rows: np.ndarray, slots: np.ndarray | int = 0) -> np.ndarray:
        if isinstance(slots, np.ndarray):
            return cast_pairs(self.key, week, rows, slots)
        return _cast_rows(self.key, week, rows, slots)


@njit(cache=True, inline="always")
def _mix(z):
    """SplitMix64's finaliser (Stafford's mix 13): every input bit flips half the output bits."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True, inline="always")
def cast(key, week, row, slot):
    """The die of (week, row, slot) for the purpose with ``key``: a uniform in [0, 1) from the
    top 53 bits of a keyed hash of the counter."""
    counter = ((np.uint64(row) << np.uint64(WEEK_BITS + SLOT_BITS))
               | (np.uint64(week) << np.uint64(SLOT_BITS)) | np.uint64(slot))
    z = _mix(_mix(counter * np.uint64(0x9E3779B97F4A7C15) + key) ^ key)
    return np.float64(z >> np.uint64(11)) * 2.0**-53


@njit(cache=True)
def cast_pairs(key, week, rows, slots):
    """The die of each (row, slot) pair; a loop without a branch, so the hashes vectorise."""
    out = np.empty(len(rows))
    for i in range(len(rows)):
        out[i] = cast(key, week, rows[i], slots[i])
    return out


@njit(cache=True)
def _cast_rows(key, week, rows, slot):
    out = np.empty(len(rows))
    for i in range(len(rows)):
        out[i] = cast(key, week, rows[i], slot)
    return out
