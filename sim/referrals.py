"""The referral book: every open referral or service episode as one row of column arrays.

A row goes TRANSIT (handled, on its way; misdirected ones bounce back) → QUEUED (waiting at the
institution) → SERVING, and is closed with an outcome. Closed rows move to the event log.
Origin ``OPS`` rows come from a social worker; ``OWN`` rows are services an institution started on
its own for a need it observed (the source of unknowing duplicate service when siloed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit

from sim.domain import NEEDS

TRANSIT, QUEUED, SERVING = 0, 1, 2
OPS, OWN = 0, 1
OUTCOMES = ("completed", "ended", "dropped", "misdirected", "refused", "closed", "open")
_COLUMNS = {
    "family": np.int64, "need": np.int16, "institution": np.int32, "origin": np.int8,
    "stage": np.int8, "created": np.int32, "ready": np.int32, "queued": np.int32,
    "started": np.int32, "misdirected": bool,
}
ROW = np.dtype(list(_COLUMNS.items()), align=True)  # one row of the book (kernels build them)


class ReferralBook:
    """Open rows as one record array (a column is a view of it; compiled kernels take the
    whole array, :attr:`rows`, and closing rows moves the kept ones forward in place) in a
    buffer that grows by doubling, plus a log of closed rows. A column read before rows are
    added or closed is stale afterwards: read it again.

    The rows are kept in family order (a family's rows in the order they were made), so that
    the kernels that walk the book touch the family tables in order, not at random (at 100,000
    families the services' week took 40% less time). The rules do not depend on the order of
    rows of different families (queues are ordered by week and die, the log by week, family and
    need); only the week's cost is summed in book order, and with whole-złoty prices (the
    defaults) any order gives the same sum."""

    def __init__(self) -> None:
        self._buffer = np.zeros(16, ROW)
        self._n = 0
        self._log: list[tuple[np.ndarray, int, int]] = []  # (closed rows, outcome, week)

    @property
    def rows(self) -> np.ndarray:
        return self._buffer[: self._n]

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, name: str) -> np.ndarray:
        return self._buffer[name][: self._n]

    def add(self, **columns: np.ndarray) -> None:
        """Add rows given column by column (a column not given is −1)."""
        rows = np.empty(len(columns["family"]), ROW)
        for name in _COLUMNS:
            rows[name] = columns.get(name, -1)
        self.extend(rows)

    def extend(self, rows: np.ndarray) -> None:
        """Add rows already built (a record array of :data:`ROW`), keeping the book in family
        order, a family's rows in the order they were made."""
        if len(rows):
            self._make_room(len(rows))
            _merge(self._buffer, self._n, rows)
            self._n += len(rows)

    def _make_room(self, k: int) -> None:
        """Grow the buffer (doubling) so that ``k`` more rows fit."""
        if self._n + k > len(self._buffer):
            grown = np.zeros(max(2 * len(self._buffer), self._n + k), ROW)
            _copy(self.rows, grown)
            self._buffer = grown

    def log(self, rows: np.ndarray, outcome: str, week: int) -> None:
        """Log rows closed with ``outcome`` (taken out of the book, or never put in)."""
        if len(rows):
            self._log.append((rows, OUTCOMES.index(outcome), week))

    def close(self, mask: np.ndarray, outcome: str, week: int) -> int:
        """Close the rows in ``mask`` with ``outcome`` and log them; returns how many closed."""
        return int(self.close_each(mask, (outcome,), week)[0])

    def close_each(self, code: np.ndarray, outcomes: tuple[str, ...], week: int) -> np.ndarray:
        """Close the rows whose ``code`` is k > 0 with ``outcomes[k - 1]``, in that order;
        returns how many rows each outcome closed."""
        closed = np.empty(np.count_nonzero(code), ROW)
        if len(closed) == 0:
            return np.zeros(len(outcomes), np.int64)
        return self.sifted(closed, sift(self.rows, code, len(outcomes), closed), outcomes, week)

    def sifted(self, closed: np.ndarray, per_outcome: np.ndarray, outcomes: tuple[str, ...],
               week: int) -> np.ndarray:
        """Close the rows that :func:`sift` moved out of :attr:`rows` (``closed``, grouped by
        outcome, ``per_outcome`` of each; a kernel that decides the closings sifts the rows
        itself, without another call): fewer rows are open, and the closed ones are logged.
        Returns ``per_outcome``."""
        self._n -= len(closed)
        start = 0
        for outcome, k in zip(outcomes, per_outcome.tolist()):
            if k:
                self.log(closed[start: start + k], outcome, week)
                start += k
        return per_outcome

    def log_frame(self, sector_of: np.ndarray, sectors: tuple[str, ...]) -> pd.DataFrame:
        """Every referral and service, closed or still open (outcome 'open', closed -1)."""
        parts = [*self._log, (self.rows, OUTCOMES.index("open"), -1)]
        rows = np.empty(sum(len(r) for r, _, _ in parts), ROW)
        start = 0
        for r, _, _ in parts:  # one part at a time: concatenating records re-checks their fields
            rows[start: start + len(r)] = r
            start += len(r)
        cols = {name: rows[name] for name in _COLUMNS}
        cols["outcome"] = np.concatenate([np.full(len(r), o, np.int8) for r, o, _ in parts])
        cols["closed"] = np.concatenate([np.full(len(r), w, np.int32) for r, _, w in parts])
        frame = pd.DataFrame({
            "family_id": cols["family"],
            "need": pd.Categorical.from_codes(cols["need"], NEEDS),
            "institution": cols["institution"],
            "sector": pd.Categorical.from_codes(sector_of[cols["institution"]], sectors),
            "origin": pd.Categorical.from_codes(cols["origin"], ("ops", "own")),
            "week_created": cols["created"],
            "week_started": cols["started"],
            "week_closed": cols["closed"],
            "misdirected": cols["misdirected"],
            "outcome": pd.Categorical.from_codes(cols["outcome"], OUTCOMES),
        })
        return frame.sort_values(["week_closed", "family_id", "need"], kind="stable",
                                 ignore_index=True)


@njit(cache=True)
def sift(rows, code, outcomes, closed):
    """Move the rows whose code is k > 0 to ``closed`` (grouped by k, each group in row order)
    and the rows kept (code 0) to the front of ``rows``, in order; returns how many rows each
    outcome closed."""
    per_outcome = np.zeros(outcomes, np.int64)
    for b in range(len(rows)):
        if code[b] > 0:
            per_outcome[code[b] - 1] += 1
    at = np.zeros(outcomes, np.int64)  # where each outcome's group starts in closed
    at[1:] = np.cumsum(per_outcome)[:-1]
    kept = 0
    for b in range(len(rows)):
        if code[b] > 0:
            closed[at[code[b] - 1]] = rows[b]
            at[code[b] - 1] += 1
        else:
            if kept < b:
                rows[kept] = rows[b]
            kept += 1
    return per_outcome


@njit(cache=True)
def _merge(buffer, n, new):
    """Merge ``new`` (any order) into the first ``n`` rows of ``buffer`` (in family order), in
    place from the back: the new rows in family order (stable), a family's older rows first."""
    order = _family_order(new.family)
    i, j = n - 1, len(new) - 1
    for at in range(n + len(new) - 1, -1, -1):
        if j < 0:
            break
        if i >= 0 and buffer[i].family > new[order[j]].family:
            buffer[at] = buffer[i]
            i -= 1
        else:
            buffer[at] = new[order[j]]
            j -= 1


@njit(cache=True)
def _family_order(family):
    """The stable order of rows by family; rows made family by family (as the weekly
    processes make them) are in it already, and checking that is cheaper than a sort."""
    for k in range(1, len(family)):
        if family[k] < family[k - 1]:
            return np.argsort(family, kind="mergesort")
    return np.arange(len(family))


@njit(cache=True)
def _copy(rows, to):
    """Copy ``rows`` to the start of ``to``, a row at a time (numpy copies records of an
    aligned dtype field by field, far slower)."""
    for b in range(len(rows)):
        to[b] = rows[b]
