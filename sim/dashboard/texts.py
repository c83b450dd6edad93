"""Every label of the dashboard in English and Polish, with the domain's Polish terms.

Kept apart from the components so that a trainer can correct a word without reading code. The
mechanism (templates, plurals, number formats, a check that both languages carry the same keys)
is the report's too: :mod:`sim.i18n`; scenario and municipality names are shared with it.
"""

from __future__ import annotations

from sim.i18n import LANGS, Vocabulary
from sim.i18n.names import municipality_name, scenario_name

__all__ = ["LANGS", "TEXT", "crisis_name", "municipality_name", "need_name", "scenario_name",
           "sector_name", "tr"]

TEXT = Vocabulary({
    "en": {
        "title": "Kooperacje 3D — workshop simulator",
        "twin_note": ("Municipality: {place}. Grey dashed: the same municipality with siloed "
                      "institutions. "
                      "Coloured solid: {scenario}. Both meet the same families and the same life "
                      "events (seed {seed}); the lower panel of each chart shows the difference "
                      "(green: better with cooperation, red: worse)."),
        "present": "Presentation",
        "speed": "Weeks per frame of Play",
        "week": "week", "week_of": "Week {week} of {weeks}",
        "language": "Language",
        "setup": "Set-up", "knobs": "Rules of cooperation", "run": "Run",
        "scenario": "Scenario", "municipality": "Municipality", "seed": "Seed (which families)",
        "step": "Step", "play": "Play", "pause": "Pause", "reset": "Reset",
        "not_used": "not used in this scenario",
        "per_worker": "{n:#family|families} per worker at the start",
        "replay": "A changed rule is replayed from week 1 to the current week.",
        "siloed": "siloed",
        "difference": "difference",
        "press_step": "Press Step or Play",
        "tab_time": "Over time", "tab_network": "Institutions", "tab_family": "A family's journey",
        # knobs
        "knob_information_sharing": ("PZK: information sharing (share "
                                     "of observations reaching the OPS)"),
        "knob_mature_referral_delay_weeks": "PZK: referral delay to members when mature (weeks)",
        "knob_meeting_hours_per_month": "PZK: meeting hours per member per month",
        "knob_min_sectors": "ZZK: a task team forms when needs span at least this many sectors",
        "knob_engagement_gain_multiplier": ("Work with the client: trust "
                                            "built per contact (× usual)"),
        "knob_social_workers": "Social workers in the OPS",
        # charts
        "chart_active": "Families in assistance",
        "chart_exits": "Exits to independence (cumulative)",
        "chart_crises": "Crises by type (cumulative)",
        "chart_unserved": "Known needs without a service (%)",
        "chart_hidden": "Hidden needs (not known to the OPS)",
        "chart_waiting": "Waiting weeks per service (4-week average)",
        "chart_worker_time": "Where worker time goes (hours per worker per week)",
        "chart_cost": "Cumulative cost (million PLN)",
        "direct": "with families", "coordination": "coordination",
        "administration": "administration",
        # scoreboard
        "score_exits": "exits to independence", "score_crises": "crises",
        "score_hidden": "hidden needs now", "score_cost": "cost (million PLN)",
        # network
        "network_title": "Referrals from the OPS to local institutions",
        "network_caption": "{sent:#referral|referrals} sent, {misdirected:n} misdirected",
        "ops": "OPS", "pzk_member": "PZK member", "not_member": "not in a PZK",
        "referrals": "referrals (width = number)", "misdirected": "misdirected referrals",
        # family
        "family": "Family no.", "telling": "Show a family where cooperation mattered",
        "family_about": ("Family {row}: {size:#person|persons}{kids}{senior}, came "
                         "to the OPS in week {entered}."),
        "kids": ", with children", "senior": ", with a senior",
        "family_needs": "Needs (severity 0–1)", "family_services": "Who served the family",
        "threshold": "problem threshold", "exit": "exit to independence",
        "reentry": "back in assistance",
        "waiting": "thin line: waiting; thick bar: service; ×: misdirected or refused referral",
        "no_services": "no referral or service yet",
        "family_status": "{side}: crises {crises}, exits to independence {exits}, now {status}.",
        "active": "in assistance", "exited": "independent",
    },
    "pl": {
        "title": "Kooperacje 3D — symulator warsztatowy",
        "twin_note": ("Gmina: {place}. Szara linia przerywana: ta sama gmina z instytucjami "
                      "działającymi osobno. Kolorowa linia ciągła: {scenario}. Obie wersje "
                      "dotyczą tych samych rodzin i tych samych zdarzeń losowych (ziarno "
                      "{seed}); dolny panel wykresu pokazuje różnicę (zielone: lepiej dzięki "
                      "współpracy, czerwone: gorzej)."),
        "present": "Prezentacja",
        "speed": "Tygodnie na klatkę odtwarzania",
        "week": "tydzień", "week_of": "Tydzień {week} z {weeks}",
        "language": "Język",
        "setup": "Ustawienia", "knobs": "Zasady współpracy", "run": "Przebieg",
        "scenario": "Scenariusz", "municipality": "Gmina", "seed": "Ziarno losowe (które rodziny)",
        "step": "Krok", "play": "Start", "pause": "Pauza", "reset": "Od nowa",
        "not_used": "nie działa w tym scenariuszu",
        "per_worker": "{n:#rodzina|rodziny|rodzin} na pracownika na starcie",
        "replay": "Zmieniona zasada jest odtwarzana od 1. tygodnia do bieżącego.",
        "siloed": "bez współpracy",
        "difference": "różnica",
        "press_step": "Naciśnij Krok lub Start",
        "tab_time": "W czasie", "tab_network": "Instytucje", "tab_family": "Losy rodziny",
        "knob_information_sharing": ("PZK: wymiana informacji (odsetek "
                                     "obserwacji docierających do OPS)"),
        "knob_mature_referral_delay_weeks": ("PZK: czas obsługi skierowania "
                                             "do członków po dojrzeniu (tygodnie)"),
        "knob_meeting_hours_per_month": "PZK: godziny spotkań na członka miesięcznie",
        "knob_min_sectors": ("ZZK: zespół zadaniowy powstaje, gdy "
                             "potrzeby obejmują co najmniej tyle sektorów"),
        "knob_engagement_gain_multiplier": ("Praca z klientem: zaufanie "
                                            "budowane w kontakcie (× zwykle)"),
        "knob_social_workers": "Pracownicy socjalni w OPS",
        "chart_active": "Rodziny objęte pomocą",
        "chart_exits": "Usamodzielnienia (narastająco)",
        "chart_crises": "Kryzysy według rodzaju (narastająco)",
        "chart_unserved": "Znane potrzeby bez usługi (%)",
        "chart_hidden": "Potrzeby ukryte (nieznane OPS)",
        "chart_waiting": "Tygodnie oczekiwania na usługę (średnia z 4 tygodni)",
        "chart_worker_time": "Na co idzie czas pracownika (godziny tygodniowo)",
        "chart_cost": "Koszt narastająco (mln zł)",
        "direct": "z rodzinami", "coordination": "koordynacja", "administration": "administracja",
        "score_exits": "usamodzielnienia", "score_crises": "kryzysy",
        "score_hidden": "potrzeby ukryte teraz", "score_cost": "koszt (mln zł)",
        "network_title": "Skierowania z OPS do lokalnych instytucji",
        "network_caption": ("{sent:#skierowanie|skierowania|skierowań}, w tym "
                            "{misdirected:#błędne|błędne|błędnych}"),
        "ops": "OPS", "pzk_member": "członek PZK", "not_member": "poza PZK",
        "referrals": "skierowania (grubość = liczba)", "misdirected": "błędne skierowania",
        "family": "Rodzina nr", "telling": "Pokaż rodzinę, której współpraca pomogła",
        "family_about": ("Rodzina {row}: {size:#osoba|osoby|osób}{kids}{senior}, w OPS od "
                         "tygodnia {entered}."),
        "kids": ", z dziećmi", "senior": ", z seniorem",
        "family_needs": "Potrzeby (nasilenie 0–1)", "family_services": "Kto pomagał rodzinie",
        "threshold": "próg problemu", "exit": "usamodzielnienie", "reentry": "powrót do pomocy",
        "waiting": ("cienka linia: oczekiwanie; gruby pasek: "
                    "usługa; ×: skierowanie błędne lub odrzucone"),
        "no_services": "jeszcze bez skierowań i usług",
        "family_status": "{side}: kryzysy {crises}, usamodzielnienia {exits}, teraz {status}.",
        "active": "w pomocy", "exited": "samodzielna",
    },
})

SECTORS = Vocabulary({
    "en": {"social_assistance": "social assistance", "health": "health care",
           "mental_health": "mental health", "education": "schools", "police": "police",
           "justice": "courts, probation", "labour_office": "labour office (PUP)",
           "housing": "housing", "elder_care": "elder care (DPS)", "ngo": "NGOs",
           "culture_sport": "culture, sport"},
    "pl": {"social_assistance": "pomoc społeczna", "health": "ochrona zdrowia",
           "mental_health": "zdrowie psychiczne", "education": "szkoły", "police": "policja",
           "justice": "sąd, kuratorzy", "labour_office": "urząd pracy (PUP)",
           "housing": "mieszkalnictwo", "elder_care": "opieka nad seniorami (DPS)",
           "ngo": "organizacje pozarządowe", "culture_sport": "kultura, sport"},
})

NEEDS = Vocabulary({
    "en": {"income": "income", "employment": "employment", "health": "health, disability",
           "addiction": "addiction", "parenting": "parenting", "violence": "domestic violence",
           "housing": "housing", "justice": "after prison", "elder_care": "elder care",
           "education": "schooling"},
    "pl": {"income": "ubóstwo", "employment": "bezrobocie", "health": "zdrowie",
           "addiction": "uzależnienia", "parenting": "bezradność wychowawcza",
           "violence": "przemoc w rodzinie", "housing": "mieszkanie",
           "justice": "po zakładzie karnym", "elder_care": "opieka nad seniorem",
           "education": "trudności szkolne"},
})

CRISES = Vocabulary({
    "en": {"niebieska_karta": "Niebieska Karta", "foster_care": "foster care",
           "eviction": "eviction", "hospitalisation": "hospitalisation"},
    "pl": {"niebieska_karta": "Niebieska Karta", "foster_care": "piecza zastępcza",
           "eviction": "eksmisja", "hospitalisation": "hospitalizacja"},
})

tr = TEXT


def sector_name(lang: str, sector: str) -> str:
    return SECTORS(lang, sector)


def need_name(lang: str, need: str) -> str:
    return NEEDS(lang, need)


def crisis_name(lang: str, crisis: str) -> str:
    return CRISES(lang, crisis)
