"""The vocabulary of the model: need domains, institution sectors, crisis types.

Order matters: arrays in the model are indexed by these tuples.
"""

from __future__ import annotations

NEEDS: tuple[str, ...] = (
    "income",  # ubóstwo: poverty, lack of income
    "employment",  # bezrobocie: unemployment
    "health",  # niepełnosprawność, długotrwała choroba: disability, long-term illness
    "addiction",  # uzależnienia i zdrowie psychiczne: addiction and mental health
    "parenting",  # bezradność opiekuńczo-wychowawcza: parenting and child welfare
    "violence",  # przemoc w rodzinie: domestic violence
    "housing",  # bezdomność, zagrożenie eksmisją: housing
    "justice",  # trudności po opuszczeniu zakładu karnego, kurator: justice
    "elder_care",  # potrzeba opieki nad seniorem: elder care
    "education",  # trudności szkolne dzieci: children's education
)

SECTORS: tuple[str, ...] = (
    "social_assistance",  # OPS/MOPS, PCPR, asystent rodziny, OIK
    "health",  # hospitals, primary care
    "mental_health",  # psychiatry, addiction therapy
    "education",  # schools, poradnia psychologiczno-pedagogiczna
    "police",  # dzielnicowy, Niebieska Karta
    "justice",  # courts, kurator sądowy
    "labour_office",  # PUP
    "housing",  # municipal housing company
    "elder_care",  # DPS, day care homes, care services
    "ngo",  # foundations, associations, PCK
    "culture_sport",  # culture centres, libraries, MOSiR
)

CRISES: tuple[str, ...] = (
    "niebieska_karta",  # police intervention under the Blue Card procedure
    "foster_care",  # child placed in foster care (piecza zastępcza)
    "eviction",  # eviction and temporary shelter
    "hospitalisation",  # emergency hospitalisation
)

# Which need, once critical, triggers which crisis (health and addiction both hospitalise).
CRISIS_TRIGGER: dict[str, tuple[str, ...]] = {
    "niebieska_karta": ("violence",),
    "foster_care": ("parenting",),
    "eviction": ("housing",),
    "hospitalisation": ("health", "addiction"),
}

ACTIVITIES: tuple[str, ...] = ("direct", "coordination", "administration")

NEED_INDEX = {name: i for i, name in enumerate(NEEDS)}
SECTOR_INDEX = {name: i for i, name in enumerate(SECTORS)}

WEEKS_PER_MONTH = 52 / 12  # calendar conversion, not a parameter
