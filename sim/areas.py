"""Problem areas of the costs of non-cooperation (koszty zaniechania kooperacji).

The reasons for assistance of the MRPiPS-03 statistics grouped as the programme's
cost-of-inaction cards group them (domestic violence, care and upbringing, homelessness, …); each
need belongs to one area. Apart from :mod:`sim.metrics` (which sums a run's figures per area), so
that a report names the areas without importing the model.
"""

from __future__ import annotations

AREAS: dict[str, tuple[str, ...]] = {
    "domestic_violence": ("violence",),
    "children_care": ("parenting", "education"),
    "homelessness_housing": ("housing",),
    "addiction": ("addiction",),
    "unemployment_poverty": ("income", "employment"),
    "disability_illness": ("health",),
    "old_age": ("elder_care",),
    "justice": ("justice",),
}
AREA_ITEMS = ("crises", "cost_crises", "service_weeks", "cost_services", "hours_worker",
              "hours_partner", "cost_coordination", "cost_total")
AREA_PREFIX = "area:"


def area_key(area: str, item: str) -> str:
    """The summary key of one problem area's item, e.g. ``area:old_age:cost_total``."""
    return f"{AREA_PREFIX}{area}:{item}"
