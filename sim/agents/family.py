"""Family: a household in the social assistance system (rodzina, osoba samotna).

Families are many (thousands to millions), so they are a vectorised population: one row of the
state's :class:`~sim.population.FamilyTable` each, changed by the processes a whole array at a
time (as Starsim's People or mesa-frames' agent sets). This class is a view of one row, made on
demand by :meth:`KooperacjeModel.family`, for an analyst who wants to follow one household.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.domain import NEEDS
from sim.population import ACTIVE, FamilyTable


@dataclass(frozen=True)
class Family:
    table: FamilyTable
    row: int

    @property
    def needs(self) -> dict[str, float]:
        return dict(zip(NEEDS, self.table.severity[self.row].tolist()))

    @property
    def revealed(self) -> dict[str, bool]:
        return dict(zip(NEEDS, self.table.revealed[self.row].tolist()))

    @property
    def engagement(self) -> float:
        return float(self.table.engagement[self.row])

    @property
    def active(self) -> bool:
        return bool(self.table.status[self.row] == ACTIVE)

    @property
    def worker(self) -> int:
        return int(self.table.worker[self.row])

    @property
    def in_task_team(self) -> bool:
        return bool(self.table.team[self.row])
