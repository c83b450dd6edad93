"""What every process of the weekly schedule declares: its random streams and its counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.rng import GENERATORS, Streams

if TYPE_CHECKING:
    from sim.state import Counters


class Process:
    """One step of the ODD's schedule. A subclass names the streams it draws from and the
    counters it reports; drawing from any other stream fails, so common random numbers stay
    traceable to one process each."""

    streams: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()

    def __init__(self, rng: Streams | None = None):
        self._rng = rng
        # the keys of the declared dice, looked up once: kernels cast with them every week
        self.key = _Keys(type(self).__name__)
        if rng is not None:
            self.key.update((p, rng.dice(p).key) for p in self.streams if p not in GENERATORS)
        # the same keys as one array in the order of ``streams`` (generators left out), for kernels
        # that cast several
        self.dice = np.array(list(self.key.values()), np.uint64)
        self._positions = np.empty(0, np.int64)
        self._positions_of: Counters | None = None

    def positions(self, counters: Counters) -> np.ndarray:
        """Where this process's :attr:`counters` sit in ``counters.values``, in the order they
        are declared (looked up once per state): its kernels add to them by index."""
        if counters is not self._positions_of:
            self._positions = np.array([counters.index(c) for c in self.counters], np.int64)
            self._positions_of = counters
        return self._positions

    def generator(self, purpose: str) -> np.random.Generator:
        if purpose not in self.streams:
            raise _undeclared(type(self).__name__, purpose)
        return self._rng[purpose]


class _Keys(dict):
    """A process's dice keys by purpose; an undeclared purpose fails with its name."""

    def __init__(self, process: str):
        super().__init__()
        self.process = process

    def __missing__(self, purpose: str):
        raise _undeclared(self.process, purpose)


def _undeclared(process: str, purpose: str) -> KeyError:
    return KeyError(f"{process} did not declare the random stream {purpose!r}")
