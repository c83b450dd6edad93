"""Every label and sentence of reports in English and Polish, with the domain's Polish terms."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Kooperacje 3D simulation: what cooperation changes",
        "summary": "Summary",
        "intro": ("{n_scen} cooperation scenarios were simulated for the municipality "
                  "'{municipality}' over {weeks} weeks, each with {reps} replications. "
                  "Replication r of every scenario meets the same families and the same life "
                  "events (seed {seed}+r), so differences come from cooperation alone."),
        "vs": "Compared with {baseline}, {scenario}:",
        "bullet": "{outcome}: {direction} by {abs_diff} ({pct}; 95% CI {lo} to {hi}){flag}",
        "unchanged": "{outcome}: no change distinguishable from zero (95% CI {lo} to {hi})",
        "up": "up", "down": "down",
        "better": "", "worse": " — worse",
        "caveat": ("How much each coordination benefit is worth (faster referrals, information "
                   "sharing, fewer misdirected referrals, trust) is not known from the pilot: no "
                   "public report gives a comparison group. These values are assumptions, listed "
                   "in the parameter table; read the result as 'what follows if the mechanisms "
                   "work this well', and vary them (sensitivity experiment) before relying on it."),
        "comparison": "Paired differences against {baseline}",
        "figures": "Figures",
        "cells": ("The study varies its setting over {n} cells; each cell is compared on its own "
                  "seeds. Detailed figures show the cell '{main}'."),
        "fig_grid": "Effect in each cell of the study (relative change against the baseline, 95% CI)",
        "fig_over_time": "Outcomes over time (mean and 95% band across replications)",
        "fig_forest": "Paired differences against the baseline (relative change, 95% CI)",
        "fig_cost_effect": "Extra cost against extra exits to independence (per scenario, 95% CI)",
        "fig_worker_time": "Where social workers' time goes (hours per worker per week)",
        "reproduce": "Reproduce",
        "reproduce_text": "Run this command in the project folder (same versions give identical numbers):",
        "config": "Configuration",
        "seeds": "Seeds: {seeds}",
        "versions": "Package versions",
        "params": "Parameters, units and sources",
        "failures": "Failed runs",
        "scenario": "scenario", "outcome": "outcome", "difference": "difference",
        "baseline_mean": "baseline mean", "scenario_mean": "scenario mean", "change": "change",
        "ci": "95% CI", "week": "week", "hours": "hours per worker per week",
        "extra_cost": "extra total cost (PLN)", "extra_exits": "extra exits to independence",
        "activity": "activity",
        "direct": "direct work with families", "coordination": "coordination (PZK, ZZK, supervision)",
        "administration": "administration",
        "unused": "not used (no family to see, waiting)",
    },
    "pl": {
        "title": "Symulacja Kooperacje 3D: co zmienia współpraca",
        "summary": "Podsumowanie",
        "intro": ("Zasymulowano {n_scen} scenariusze współpracy dla gminy '{municipality}' w "
                  "horyzoncie {weeks} tygodni, po {reps} powtórzeń każdy. Powtórzenie r każdego "
                  "scenariusza dotyczy tych samych rodzin i tych samych zdarzeń losowych "
                  "(ziarno {seed}+r), więc różnice wynikają wyłącznie ze współpracy."),
        "vs": "W porównaniu ze scenariuszem {baseline}, {scenario}:",
        "bullet": "{outcome}: {direction} o {abs_diff} ({pct}; 95% PU {lo} do {hi}){flag}",
        "unchanged": "{outcome}: brak zmiany odróżnialnej od zera (95% PU {lo} do {hi})",
        "up": "wzrost", "down": "spadek",
        "better": "", "worse": " — gorzej",
        "caveat": ("Wielkość korzyści z koordynacji (szybsze skierowania, wymiana informacji, "
                   "mniej błędnych skierowań, zaufanie) nie jest znana z pilotażu: żaden publiczny "
                   "raport nie podaje grupy porównawczej. Wartości te są założeniami (tabela "
                   "parametrów); wynik czytaj jako 'co wynika, jeśli mechanizmy działają tak "
                   "dobrze', i sprawdź wrażliwość przed oparciem na nim decyzji."),
        "comparison": "Różnice w parach względem scenariusza {baseline}",
        "figures": "Wykresy",
        "cells": ("Badanie zmienia warunki w {n} wariantach; każdy porównano na tych samych "
                  "ziarnach. Szczegółowe wykresy dotyczą wariantu '{main}'."),
        "fig_grid": "Efekt w każdym wariancie badania (zmiana względna, 95% PU)",
        "fig_over_time": "Wyniki w czasie (średnia i 95% pasmo z powtórzeń)",
        "fig_forest": "Różnice względem scenariusza bazowego (zmiana względna, 95% PU)",
        "fig_cost_effect": "Dodatkowy koszt a dodatkowe usamodzielnienia (95% PU)",
        "fig_worker_time": "Na co idzie czas pracowników socjalnych (godziny na pracownika tygodniowo)",
        "reproduce": "Odtworzenie",
        "reproduce_text": "Uruchom w katalogu projektu (te same wersje dają identyczne liczby):",
        "config": "Konfiguracja",
        "seeds": "Ziarna losowe: {seeds}",
        "versions": "Wersje pakietów",
        "params": "Parametry, jednostki i źródła",
        "failures": "Nieudane przebiegi",
        "scenario": "scenariusz", "outcome": "wynik", "difference": "różnica",
        "baseline_mean": "średnia bazowa", "scenario_mean": "średnia scenariusza",
        "change": "zmiana", "ci": "95% PU", "week": "tydzień",
        "hours": "godziny na pracownika tygodniowo",
        "extra_cost": "dodatkowy koszt całkowity (zł)", "extra_exits": "dodatkowe usamodzielnienia",
        "activity": "czynność",
        "direct": "praca bezpośrednia z rodzinami",
        "coordination": "koordynacja (PZK, ZZK, superwizja)",
        "administration": "administracja",
        "unused": "niewykorzystane",
    },
}

OUTCOME_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "exits_to_independence": "exits to independence",
        "crises_total": "crises (all)",
        "crises_niebieska_karta": "Niebieska Karta interventions",
        "crises_foster_care": "children placed in foster care",
        "crises_eviction": "evictions",
        "crises_hospitalisation": "emergency hospitalisations",
        "mean_need": "mean need severity",
        "revealed_unserved_share": "share of known needs without a service",
        "hidden_needs": "hidden needs (not known to the OPS)",
        "mean_wait_weeks": "waiting weeks per service",
        "duplicate_service_weeks": "duplicate service weeks",
        "referrals_misdirected": "misdirected referrals",
        "hours_coordination": "worker coordination hours",
        "hours_direct": "worker hours with families",
        "active_families": "families in assistance at the end",
        "cost_total": "total cost (PLN)",
        "cost_per_exit": "cost per exit to independence (PLN)",
        "exits_cum": "exits to independence (cumulative)",
        "crises_cum": "crises (cumulative)",
        "active_families_w": "families in assistance",
        "cost_total_cum": "cumulative cost (PLN)",
    },
    "pl": {
        "exits_to_independence": "usamodzielnienia (wyjścia z pomocy)",
        "crises_total": "kryzysy (wszystkie)",
        "crises_niebieska_karta": "interwencje w procedurze Niebieska Karta",
        "crises_foster_care": "umieszczenia dzieci w pieczy zastępczej",
        "crises_eviction": "eksmisje",
        "crises_hospitalisation": "nagłe hospitalizacje",
        "mean_need": "średnie nasilenie potrzeb",
        "revealed_unserved_share": "odsetek znanych potrzeb bez usługi",
        "hidden_needs": "potrzeby ukryte (nieznane OPS)",
        "mean_wait_weeks": "tygodnie oczekiwania na usługę",
        "duplicate_service_weeks": "zdublowane tygodnie usług",
        "referrals_misdirected": "błędnie skierowane sprawy",
        "hours_coordination": "godziny koordynacji pracowników",
        "hours_direct": "godziny pracy z rodzinami",
        "active_families": "rodziny w pomocy na koniec",
        "cost_total": "koszt całkowity (zł)",
        "cost_per_exit": "koszt jednego usamodzielnienia (zł)",
        "exits_cum": "usamodzielnienia (narastająco)",
        "crises_cum": "kryzysy (narastająco)",
        "active_families_w": "rodziny w pomocy",
        "cost_total_cum": "koszt narastająco (zł)",
    },
}


def t(lang: str, key: str, **kw) -> str:
    return TEXT[lang][key].format(**kw)


def outcome_name(lang: str, key: str) -> str:
    return OUTCOME_NAMES[lang].get(key, key)
