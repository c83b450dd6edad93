"""A municipality from the figures every gmina has, by the rules our presets were made with.

An analyst (or the roll-out study) gives the population and, if known, the share of inhabitants
in assistance, the social workers, the family assistants; everything else is derived as for the
presets in ``configs/municipality/``: families = population × share / persons per family;
workers by the statutory norm; family assistants and every sector's capacity scaled from the
default city by the families in assistance (so capacity per assisted family is the one the
calibration fitted), in about as many institutions.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sim.config import ROLLOUT, InstitutionGroup, MunicipalityConfig
from sim.params import param


@dataclass(frozen=True)
class Derivation:
    """The rules that turn a population into a municipality (the presets' rules)."""

    urban_share: float = param(
        0.030, "share of inhabitants in assistance", 0, 1,
        source="GUS 2023: 3.0% of urban inhabitants in assistance (gazetaprawna.pl, "
        "businessinsider.com.pl)")
    rural_share: float = param(
        0.039, "share of inhabitants in assistance", 0, 1,
        source="GUS 2023: 3.9% of rural inhabitants in assistance")
    persons_per_family: float = param(
        2.2, "persons per assisted family", 1, 10,
        doc="assumption between GUS 2016 (~2.5, derived) and Poznań 2018 (~1.6): plausible "
        "1.6-2.5")
    inhabitants_per_worker: int = param(
        2000, "inhabitants per social worker", 1, 1_000_000,
        source="art. 110 ustawy o pomocy społecznej (1 worker per 2,000 inhabitants)")
    min_workers: int = param(
        3, "social workers", 1, 1000,
        source="art. 110 ust. 11 ustawy o pomocy społecznej (at least 3 workers per centre)")


RULES = Derivation()
DEFAULT = MunicipalityConfig()


def derive(name: str, population: int, assisted_share: float | None = None, urban: bool = True,
           initial_families: int | None = None, social_workers: int | None = None,
           family_assistants: int | None = None,
           rules: Derivation = RULES) -> tuple[MunicipalityConfig, dict[str, str]]:
    """The municipality, and for each figure whether it was ``given`` or ``derived`` (how)."""
    share = assisted_share if assisted_share is not None else (
        rules.urban_share if urban else rules.rural_share)
    how = {"population": "given"}
    if initial_families is None:
        initial_families = max(1, round(population * share / rules.persons_per_family))
        how["initial_families"] = (f"derived: {population:,} inhabitants x {share:.1%} in "
                                   f"assistance / {rules.persons_per_family} persons per family")
    else:
        how["initial_families"] = "given"
    factor = initial_families / DEFAULT.initial_families
    if social_workers is None:
        social_workers = max(rules.min_workers, round(population / rules.inhabitants_per_worker))
        how["social_workers"] = (f"derived: statutory norm, 1 per {rules.inhabitants_per_worker:,}"
                                 f" inhabitants, at least {rules.min_workers}")
    else:
        how["social_workers"] = "given"
    if family_assistants is None:
        family_assistants = round(DEFAULT.family_assistants * factor)
        how["family_assistants"] = (f"derived: as the default city per assisted family "
                                    f"({DEFAULT.family_assistants} per "
                                    f"{DEFAULT.initial_families})")
    else:
        how["family_assistants"] = "given"
    institutions = {}
    for sector, group in DEFAULT.institutions.items():
        count = max(1, round(group.count * factor))
        capacity = max(1, round(group.count * group.capacity * factor / count))
        institutions[sector] = InstitutionGroup(count=count, capacity=capacity)
    how["institutions"] = (f"derived: the default city's capacity of each sector x {factor:.2f} "
                           "(families in assistance), at least one institution per sector")
    town = MunicipalityConfig(name=name, population=population,
                              initial_families=initial_families, social_workers=social_workers,
                              family_assistants=family_assistants, institutions=institutions)
    return town, how


def as_overrides(town: MunicipalityConfig) -> dict[str, object]:
    """Flat ``municipality__…`` keywords (for ``sim.run`` and ``KooperacjeModel``)."""
    out: dict[str, object] = {}
    for f in fields(town):
        value = getattr(town, f.name)
        if f.name == "institutions":
            for sector, group in value.items():
                out[f"municipality__institutions__{sector}__count"] = group.count
                out[f"municipality__institutions__{sector}__capacity"] = group.capacity
        else:
            out[f"municipality__{f.name}"] = value
    return out


@dataclass(frozen=True)
class PlaceType:
    """One type of municipality of a region (by kind of gmina), with how many there are."""

    key: str  # a cell label: city_county, urban, urban_rural, rural
    name: str  # the Polish term
    count: int
    population: int  # mean inhabitants
    urban: bool
    assisted_share: float
    source: str


TYPE_KEYS = {"miasto na prawach powiatu": "city_county", "gmina miejska": "urban",
             "gmina miejsko-wiejska": "urban_rural", "gmina wiejska": "rural"}


def regions() -> tuple[str, ...]:
    """The regions whose municipality types are known (sim/data/rollout.json)."""
    return tuple(ROLLOUT["regions"])


def place_types(region: str) -> list[PlaceType]:
    data = ROLLOUT["regions"][region]
    return [PlaceType(TYPE_KEYS[t["name"]], t["name"], t["count"], t["mean_population"],
                      t["urban"], t["assisted_share"], t["source"]) for t in data["types"]]


def type_town(region: str, kind: PlaceType) -> MunicipalityConfig:
    """The typical municipality of one type, derived by the presets' rules."""
    town, _ = derive(f"{region}:{kind.key}", kind.population, kind.assisted_share, kind.urban)
    return town
