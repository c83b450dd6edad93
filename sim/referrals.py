"""The referral book: every open referral or service episode as one row of column arrays.

A row goes TRANSIT (handled, on its way; misdirected ones bounce back) → QUEUED (waiting at the
institution) → SERVING, and is closed with an outcome. Closed rows move to the event log.
Origin ``OPS`` rows come from a social worker; ``OWN`` rows are services an institution started on
its own for a need it observed (the source of unknowing duplicate service when siloed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.domain import NEEDS

TRANSIT, QUEUED, SERVING = 0, 1, 2
OPS, OWN = 0, 1
OUTCOMES = ("completed", "ended", "dropped", "misdirected", "refused", "closed", "open")
_COLUMNS = {
    "family": np.int64, "need": np.int16, "institution": np.int32, "origin": np.int8,
    "stage": np.int8, "created": np.int32, "ready": np.int32, "queued": np.int32,
    "started": np.int32, "misdirected": bool,
}


class ReferralBook:
    """Open rows as column arrays plus a log of closed rows."""

    def __init__(self) -> None:
        self.cols = {name: np.zeros(0, dtype) for name, dtype in _COLUMNS.items()}
        self._log: list[dict[str, np.ndarray]] = []

    def __len__(self) -> int:
        return len(self.cols["family"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    def add(self, **rows: np.ndarray) -> None:
        k = len(rows["family"])
        if k == 0:
            return
        for name, dtype in _COLUMNS.items():
            value = rows.get(name, -1)
            new = value if isinstance(value, np.ndarray) else np.full(k, value, dtype)
            self.cols[name] = np.concatenate([self.cols[name], new.astype(dtype, copy=False)])

    def close(self, mask: np.ndarray, outcome: str, week: int) -> None:
        """Close the rows in ``mask`` with ``outcome`` and log them."""
        if not mask.any():
            return
        closed = {name: col[mask] for name, col in self.cols.items()}
        closed["outcome"] = np.full(int(mask.sum()), OUTCOMES.index(outcome), np.int8)
        closed["closed"] = np.full(int(mask.sum()), week, np.int32)
        self._log.append(closed)
        keep = ~mask
        self.cols = {name: col[keep] for name, col in self.cols.items()}

    def cell_mask(self, n_families: int, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """A family × need boolean table marking the cells of ``rows`` (indices or a boolean
        mask; default every open row)."""
        cells = np.zeros((n_families, len(NEEDS)), bool)
        cells[self.cols["family"][rows], self.cols["need"][rows]] = True
        return cells

    def log_frame(self, sector_of: np.ndarray, sectors: tuple[str, ...]) -> pd.DataFrame:
        """Every referral and service, closed or still open (outcome 'open', closed -1)."""
        still_open = dict(self.cols)
        still_open["outcome"] = np.full(len(self), OUTCOMES.index("open"), np.int8)
        still_open["closed"] = np.full(len(self), -1, np.int32)
        parts = [*self._log, still_open]
        cols = {k: np.concatenate([c[k] for c in parts]) for k in still_open}
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
