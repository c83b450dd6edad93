"""Names the report and the dashboard share: scenarios and the words of the parameter table."""

from __future__ import annotations

from sim.i18n import Vocabulary

SCENARIOS = Vocabulary({  # for sentences, selects and headings
    "en": {"siloed": "siloed institutions", "pzk": "PZK (partnership of institutions)",
           "pzk_zzk": "PZK + ZZK (task teams)",
           "kooperacje_3d": "Kooperacje 3D (PZK + ZZK + work with the client)",
           "costs_only": "costs only (all three dimensions, no benefits)",
           "without_basket": "Kooperacje 3D without the local basket of services",
           "without_leader": "Kooperacje 3D without a leader of the PZK"},
    "pl": {"siloed": "instytucje osobno", "pzk": "PZK (Partnerski Zespół Kooperacyjny)",
           "pzk_zzk": "PZK + ZZK (Zadaniowy Zespół Kooperacyjny)",
           "kooperacje_3d": "Kooperacje 3D (PZK + ZZK + praca z klientem)",
           "costs_only": "same koszty (trzy wymiary bez korzyści)",
           "without_basket": "Kooperacje 3D bez lokalnego koszyka usług",
           "without_leader": "Kooperacje 3D bez lidera PZK"},
})

SHORT = Vocabulary({  # for legends, tables and figure titles
    "en": {"siloed": "siloed", "pzk": "PZK", "pzk_zzk": "PZK + ZZK",
           "kooperacje_3d": "Kooperacje 3D", "costs_only": "costs only",
           "without_basket": "K3D without basket", "without_leader": "K3D without leader"},
    "pl": {"siloed": "bez współpracy", "pzk": "PZK", "pzk_zzk": "PZK + ZZK",
           "kooperacje_3d": "Kooperacje 3D", "costs_only": "same koszty",
           "without_basket": "K3D bez koszyka", "without_leader": "K3D bez lidera"},
})

PLACES = {"warszawa": "Warszawa", "krakow": "Kraków", "rybnik": "Rybnik",
          "zawiercie": "Zawiercie", "katowice": "Katowice",
          "sosnowiec": "Sosnowiec", "bedzin": "Będzin", "opole": "Opole", "lodz": "Łódź",
          "zgierz": "Zgierz"}
MUNICIPALITIES = Vocabulary({  # preset file names are ASCII; places keep their Polish letters
    "en": {"default": "example city (50,000 inhabitants)", **PLACES},
    "pl": {"default": "przykładowe miasto (50 000 mieszkańców)", **PLACES},
})


def scenario_name(lang: str, name: str, short: bool = False) -> str:
    """A scenario preset's display name; a preset without a translation shows its file name."""
    return (SHORT if short else SCENARIOS).name(lang, name)


def municipality_name(lang: str, name: str) -> str:
    """A municipality preset's display name; a preset without one shows its file name."""
    return MUNICIPALITIES.name(lang, name)
