"""Polish reasoning of each plausible range of sim/uncertainty.py (the English is the source),
and the words of its distributions. tests/test_report.py checks that every prior has one.
"""

from __future__ import annotations

import re

TF = "Troubled Families, faza 1: brak istotnego wpływu (NIESR 2016)"
WRAP = "wraparound: średnia wielkość efektu ok. 0,33 (Suter i Bruns 2009)"
IC = "opieka zintegrowana: wyniki ok. ×1,06, koszty ok. ×0,94, dowody niskiej jakości"

REASONS = {
    "scenario.pzk.information_sharing":
        f"0 = nic nie jest przekazywane (brak efektu); ochrona danych ogranicza wymianę "
        f"informacji o sprawach; {TF}",
    "scenario.pzk.mature_referral_delay_weeks":
        "2 tygodnie = niewiele szybciej niż instytucje osobno (2–5 tygodni); 0,5 = telefon",
    "scenario.pzk.mature_misdirection":
        "0,1 = tak często błędnie jak w najlepszym przypadku bez współpracy (brak efektu); "
        "partnerzy poznają nawzajem swoje kompetencje",
    "scenario.pzk.maturity_per_meeting_hour":
        "0,002 = PZK prawie nie dojrzewa w 3 lata (efekt bliski zeru); 0,05 = dojrzały po roku",
    "scenario.pzk.meeting_hours_per_month":
        "spotkania partnerskie co miesiąc lub co dwa tygodnie, po 1–3 h",
    "scenario.pzk.worker_hours_per_month":
        "udział pracowników w spotkaniach i porozumieniach; więcej tam, gdzie PZK jest aktywny",
    "scenario.zzk.relapse_detection":
        f"0,1 = zespół rzadko zauważa nawrót wcześniej niż sam pracownik (efekt bliski zeru); "
        f"{WRAP}",
    "scenario.zzk.parallel_referrals":
        "1 = usługi jedna po drugiej, jak bez współpracy (brak efektu); rzadko więcej niż 4 "
        "naraz",
    "scenario.zzk.meeting_hours_per_month":
        "jedno spotkanie zespołu w miesiącu, 1–2 h, więcej dla rodzin w kryzysie",
    "scenario.zzk.max_duration_weeks":
        "plan indywidualny na pół roku do półtora roku, potem zespół kończy pracę",
    "scenario.zzk.withdrawal_probability":
        "rodziny, które nie ufają pracownikowi, wycofują się z planu; od rzadko do często",
    "scenario.client_work.engagement_gain_multiplier":
        f"1 = zaufanie nie większe niż w zwykłej praktyce (brak efektu); {WRAP}; {IC}",
    "scenario.client_work.dropout_reduction":
        f"0 = kontrakt socjalny nie zapobiega żadnemu przerwaniu (brak efektu); {TF}; faza 2: "
        f"spadki o 10–32%",
    "scenario.client_work.diagnosis_multiplier":
        f"1 = diagnoza wieloaspektowa niczego nie wykrywa wcześniej (brak efektu); {IC}",
    "scenario.client_work.burnout_recovery_multiplier":
        "1 = superwizja nie przyspiesza regeneracji (brak efektu); przeglądy badań nad "
        "superwizją kliniczną wskazują małe, niejednoznaczne efekty wobec wypalenia",
    "scenario.client_work.extra_hours_per_contact":
        "wspólne planowanie dodaje 6–30 minut do wizyty trwającej 1,5 h",
    "scenario.client_work.supervision_hours_per_month":
        "superwizja grupowa 1,5–3 h miesięcznie, do tego coaching",
    "behaviour.services.referral_delay_weeks":
        "instytucje osobno: pisma i własne procedury; przy 2 tygodniach PZK niewiele zyskuje",
    "behaviour.services.misdirection":
        "odsetek skierowań do niewłaściwej instytucji bez współpracy; przy 0,1 PZK niewiele "
        "zyskuje",
    "behaviour.services.own_initiative":
        "instytucje same reagują na to, co widzą; im więcej inicjatywy, tym mniej może dodać PZK",
    "behaviour.statutory.group_observation":
        "grupy diagnostyczno-pomocowe (Niebieska Karta) przekazują pracownikowi ukryte "
        "problemy; praktyka różni się między gminami",
    "behaviour.statutory.assistant_observation":
        "asystenci rodziny odwiedzają dom co tydzień i przekazują informacje w OPS",
    "scenario.pzk.basket.take_over":
        "0 = żaden partner nie przejmuje skierowania czekającego u innego (brak efektu); "
        "zakresy zadań i zasady list oczekujących to ograniczają",
    "scenario.pzk.basket.staleness":
        "oferty i wolne miejsca zmieniają się w ciągu miesięcy; 0,15 = obraz nieaktualny po "
        "kilku tygodniach bez aktualizacji",
    "scenario.pzk.basket.upkeep_per_hour":
        "0,01 = godziny koordynatora prawie nie utrzymują aktualnego obrazu (efekt bliski zeru)",
    "scenario.pzk.basket.gap_weeks":
        "przegląd niezaspokojonych potrzeb co kwartał do raz w roku, zanim partnerstwo zadziała",
    "scenario.pzk.basket.extension_share":
        "0 = żadnej nowej usługi mimo trwałej luki (brak efektu); budżety rzadko pokrywają całą "
        "lukę",
    "scenario.pzk.basket.ramp_up_weeks":
        "rekrutacja i zakontraktowanie nowej usługi trwają od kwartału do roku",
    "scenario.pzk.leader.unled_learning":
        "1 = partnerstwo uczy się tak samo szybko bez lidera (brak efektu); animatorów-"
        "moderatorów finansowano, bo partnerstwa bez nich stają w miejscu",
    "scenario.pzk.leader.half_hours":
        "kilka godzin koordynatora tygodniowo daje większość efektu albo dopiero większy etat",
    "scenario.pzk.leader.coordinator_hours_per_week":
        "jedna dziesiąta etatu w większości OPS; pół etatu dla pracownika ds. sieci",
    "scenario.pzk.leader.from_workers":
        "od osobnego etatu (0) do samych pracowników socjalnych (1)",
}

DISTRIBUTIONS = {"triangular": "trójkątny", "uniform": "jednostajny",
                 "integers": "liczby całkowite"}


def reasoning(key: str, english: str) -> str:
    """The Polish reasoning of a prior; the English one if it has none yet."""
    return REASONS.get(key, english)


def decimal_commas(text: str) -> str:
    """'[0.5, 2]' -> '[0,5; 2]': a decimal comma, so a semicolon between the numbers."""
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text.replace(", ", "; "))


def distribution(text: str) -> str:
    """'triangular(0, 0.5, 0.9)' -> 'trójkątny(0; 0,5; 0,9)'."""
    name, space, rest = text.partition("(" if "(" in text else " ")
    return DISTRIBUTIONS.get(name, name) + space + decimal_commas(rest)
