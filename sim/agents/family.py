"""Family: a household in the social assistance system (rodzina, osoba samotna)."""

from __future__ import annotations

import mesa

from sim.domain import NEEDS
from sim.population import ACTIVE


class Family(mesa.Agent):
    """Holds its row of the model's :class:`~sim.population.FamilyTable`; state lives there."""

    def __init__(self, model: mesa.Model, row: int):
        super().__init__(model)
        self.row = row

    @property
    def needs(self) -> dict[str, float]:
        return dict(zip(NEEDS, self.model.families.severity[self.row].tolist()))

    @property
    def revealed(self) -> dict[str, bool]:
        return dict(zip(NEEDS, self.model.families.revealed[self.row].tolist()))

    @property
    def engagement(self) -> float:
        return float(self.model.families.engagement[self.row])

    @property
    def active(self) -> bool:
        return bool(self.model.families.status[self.row] == ACTIVE)

    @property
    def worker(self) -> int:
        return int(self.model.families.worker[self.row])

    @property
    def in_task_team(self) -> bool:
        return bool(self.model.families.team[self.row])
