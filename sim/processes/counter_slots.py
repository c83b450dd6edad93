"""Where a process's counters sit in ``Counters.values``, so its kernels add to them by index."""

from __future__ import annotations

import numpy as np

from sim.state import Counters


class CounterSlots:
    """The positions of ``names`` in a run's counters, in that order (looked up once a run)."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self._of: Counters | None = None
        self._slots = np.zeros(0, np.int64)

    def __call__(self, counters: Counters) -> np.ndarray:
        if self._of is not counters:
            self._of = counters
            self._slots = np.array([counters.index(n) for n in self.names], np.int64)
        return self._slots
