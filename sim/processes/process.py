"""What every process of the weekly schedule declares: its random streams and its counters."""

from __future__ import annotations

import numpy as np

from sim.rng import GENERATORS, Dice, Streams


class Process:
    """One step of the ODD's schedule. A subclass names the streams it draws from and the
    counters it reports; drawing from any other stream fails, so common random numbers stay
    traceable to one process each."""

    streams: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()

    def __init__(self, rng: Streams | None = None):
        self._rng = rng
        # the keys of the declared dice, looked up once: kernels cast with them every week
        self.key = {purpose: rng.dice(purpose).key for purpose in self.streams
                    if purpose not in GENERATORS} if rng is not None else {}

    def _check(self, purpose: str) -> None:
        if purpose not in self.streams:
            raise KeyError(f"{type(self).__name__} did not declare the random stream {purpose!r}")

    def generator(self, purpose: str) -> np.random.Generator:
        self._check(purpose)
        return self._rng[purpose]

    def dice(self, purpose: str) -> Dice:
        self._check(purpose)
        return self._rng.dice(purpose)
