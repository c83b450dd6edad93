"""A municipality from the figures every gmina has, by the rules our presets were made with.

An analyst (or the roll-out study) gives the population and, if known, the share of inhabitants
in assistance, the social workers, the family assistants; everything else is derived as for the
presets in ``configs/municipality/``: families = population × share / persons per family;
workers by the statutory norm; family assistants and every sector's capacity scaled from the
default city by the families in assistance (so capacity per assisted family is the one the
calibration fitted), in about as many institutions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Collection

from sim.config import FIGURES, ROLLOUT, InstitutionGroup, MunicipalityConfig
from sim.i18n import Vocabulary
from sim.params import param

HOW = Vocabulary({  # where a municipality's figure comes from, for parameters.csv and the report
    "en": {
        "given": "given",
        "from_persons": ("derived: {persons:n} persons in assistance (given) / {per:n} persons "
                         "per family"),
        "from_population": ("derived: {population:n} inhabitants x {share:n}% in assistance / "
                            "{per:n} persons per family"),
        "workers": "derived: statutory norm, 1 per {norm:n} inhabitants, at least {least:n}",
        "assistants": "derived: as the default city per assisted family ({n:n} per {of:n})",
        "institutions": ("derived: the default city's capacity of each sector x {factor:n} "
                         "(families in assistance), at least one institution per sector"),
        "command_line": "set on the command line",
        "stated": "stated by municipality={name} (its file gives the source)",
        "by_no_rule": "stated by municipality={name} (no rule gives it)",
    },
    "pl": {
        "given": "podana",
        "from_persons": ("wyliczona: {persons:#osoba|osoby|osób} w pomocy (podane) / {per:n} "
                         "osoby na rodzinę"),
        "from_population": ("wyliczona: {population:n} mieszkańców x {share:n}% w pomocy / "
                            "{per:n} osoby na rodzinę"),
        "workers": ("wyliczona: norma ustawowa, 1 na {norm:n} mieszkańców, co najmniej "
                    "{least:n}"),
        "assistants": ("wyliczona: jak w domyślnym mieście na rodzinę w pomocy ({n:n} na "
                       "{of:n})"),
        "institutions": ("wyliczona: zdolność każdego sektora domyślnego miasta x {factor:n} "
                         "(rodziny w pomocy), co najmniej jedna instytucja w sektorze"),
        "command_line": "ustawiona w wierszu poleceń",
        "stated": "podana w municipality={name} (źródło w jej pliku)",
        "by_no_rule": "podana w municipality={name} (nie wynika z żadnej reguły)",
    },
})


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
STAFF_AND_FAMILIES = ("initial_families", "social_workers", "family_assistants")


def derive(name: str, population: int, assisted_share: float | None = None, urban: bool = True,
           initial_families: int | None = None, social_workers: int | None = None,
           family_assistants: int | None = None, persons_in_assistance: int | None = None,
           rules: Derivation = RULES, lang: str = "en"
           ) -> tuple[MunicipalityConfig, dict[str, str]]:
    """The municipality, and for each figure whether it was ``given`` or ``derived`` (how, in
    ``lang``).

    Families come from ``initial_families`` if given, else from the persons in assistance
    (OZPS counts persons; families are then given too: they do not follow the population), else
    from the population and its share in assistance."""
    share = assisted_share if assisted_share is not None else (
        rules.urban_share if urban else rules.rural_share)
    how = {"population": HOW(lang, "given")}
    stated = {"initial_families": initial_families if initial_families is not None
              else persons_in_assistance,
              "social_workers": social_workers, "family_assistants": family_assistants}
    given = ["population", *(key for key, value in stated.items() if value is not None)]
    if initial_families is None and persons_in_assistance is not None:
        initial_families = max(1, round(persons_in_assistance / rules.persons_per_family))
        how["initial_families"] = HOW(lang, "from_persons", persons=persons_in_assistance,
                                      per=rules.persons_per_family)
    elif initial_families is None:
        initial_families = max(1, round(population * share / rules.persons_per_family))
        how["initial_families"] = HOW(lang, "from_population", population=population,
                                      share=100 * share, per=rules.persons_per_family)
    else:
        how["initial_families"] = HOW(lang, "given")
    factor = initial_families / DEFAULT.initial_families
    if social_workers is None:
        social_workers = max(rules.min_workers, round(population / rules.inhabitants_per_worker))
        how["social_workers"] = HOW(lang, "workers", norm=rules.inhabitants_per_worker,
                                    least=rules.min_workers)
    else:
        how["social_workers"] = HOW(lang, "given")
    if family_assistants is None:
        family_assistants = round(DEFAULT.family_assistants * factor)
        how["family_assistants"] = HOW(lang, "assistants", n=DEFAULT.family_assistants,
                                       of=DEFAULT.initial_families)
    else:
        how["family_assistants"] = HOW(lang, "given")
    institutions = {}
    for sector, group in DEFAULT.institutions.items():
        count = max(1, round(group.count * factor))
        capacity = max(1, round(group.count * group.capacity * factor / count))
        institutions[sector] = InstitutionGroup(count=count, capacity=capacity)
    how["institutions"] = HOW(lang, "institutions", factor=factor)
    town = MunicipalityConfig(name=name, population=population,
                              initial_families=initial_families, social_workers=social_workers,
                              family_assistants=family_assistants, institutions=institutions,
                              given=given)
    return town, how


def follow_population(preset: MunicipalityConfig, town: MunicipalityConfig,
                      kept: Collection[str] = ()) -> MunicipalityConfig:
    """``town`` (the preset with other values set, a new population among them) with every
    figure the preset derived derived again at the new population, at the preset's own share of
    inhabitants in assistance. Figures ``town`` gives (``given``) and the keys in ``kept``
    (set on the command line: ``social_workers``, ``institutions.health.count``…) stay."""
    def stays(key: str) -> bool:
        return key.split(".")[0] in town.given or _within(key, kept)

    share = preset.initial_families * RULES.persons_per_family / preset.population
    new, _ = derive(town.name, town.population, share,
                    **{key: getattr(town, key) for key in STAFF_AND_FAMILIES if stays(key)})
    institutions = {
        sector: InstitutionGroup(**{
            f: getattr((town if stays(f"institutions.{sector}.{f}") else new).institutions[sector],
                       f) for f in ("count", "capacity")})
        for sector in new.institutions}
    return replace(town, initial_families=new.initial_families,
                   social_workers=new.social_workers, family_assistants=new.family_assistants,
                   institutions=institutions)


def origins(town: MunicipalityConfig, kept: Collection[str] = (),
            lang: str = "en") -> dict[str, tuple[str, str]]:
    """Where each figure of ``town`` comes from, by dotted key (``population``,
    ``institutions.health.count``…): (origin, how). The origin is ``command line`` (a key in
    ``kept``), ``given`` (the population, or a figure ``town.given`` lists), ``default`` (the
    default city's, its population not set; how is empty: the schema says it), ``derived``
    (what the rules give at this population; how says how) or ``preset`` (stated by the preset,
    by no rule); how is worded in ``lang``."""
    share = town.initial_families * RULES.persons_per_family / town.population
    rule, how = derive(town.name, town.population, share, lang=lang)
    ruled, default = figures(rule), figures(DEFAULT)
    out = {}
    for key, value in figures(town).items():
        figure = key.split(".")[0]
        if _within(key, kept):
            out[key] = ("command line", HOW(lang, "command_line"))
        elif ("population" not in kept and town.population == DEFAULT.population
              and value == default[key]):
            out[key] = ("default", "")
        elif figure == "population" or figure in town.given:
            out[key] = ("given", HOW(lang, "stated", name=town.name))
        elif value == ruled[key]:
            out[key] = ("derived", how[figure])
        else:
            out[key] = ("preset", HOW(lang, "by_no_rule", name=town.name))
    return out


def population_note(town: MunicipalityConfig, kept: Collection[str] = ()) -> str:
    """One line for the terminal: what followed a population set on the command line."""
    found = origins(town, kept)
    derived = [f"{key}={getattr(town, key)}" for key in STAFF_AND_FAMILIES
               if found[key][0] == "derived"]
    if any(origin == "derived" for key, (origin, _) in found.items()
           if key.startswith("institutions.")):
        derived.append(f"the institutions ({town.initial_families / DEFAULT.initial_families:.2f}"
                       " x the default city's capacity)")
    stayed = sorted({f"{key.split('.')[0]} ({origin})" for key, (origin, _) in found.items()
                     if key != "population" and origin != "derived"})
    return (f"municipality.population={town.population}: {', '.join(derived) or 'nothing'} "
            "derived by the presets' rules (sim/places.py)"
            + (f"; kept: {', '.join(stayed)}" if stayed else "")
            + "; parameters.csv says where each figure comes from (column origin)")


def _within(key: str, keys: Collection[str]) -> bool:
    """``key`` is one of ``keys`` or lies under one."""
    return any(key == k or key.startswith(f"{k}.") for k in keys)


def figures(town: MunicipalityConfig) -> dict[str, object]:
    """The figures of ``town`` by dotted key, one per institution count and capacity."""
    out: dict[str, object] = {}
    for key in FIGURES:
        value = getattr(town, key)
        if key == "institutions":
            for sector, group in value.items():
                out[f"institutions.{sector}.count"] = group.count
                out[f"institutions.{sector}.capacity"] = group.capacity
        else:
            out[key] = value
    return out


def as_overrides(town: MunicipalityConfig) -> dict[str, object]:
    """Flat ``municipality__…`` keywords (for ``sim.run`` and ``KooperacjeModel``)."""
    values = {"name": town.name, **figures(town), "given": list(town.given)}
    return {f"municipality__{key.replace('.', '__')}": value for key, value in values.items()}


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
