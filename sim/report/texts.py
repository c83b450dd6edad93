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
        "bullet": "{outcome}: {direction} by {abs_diff} ({pct}; 95% CI {lo} to {hi}; better in "
        "{pb} of replications){flag}",
        "teams": "Task teams (ZZK)",
        "teams_text": "Mean per replication ({cell}). A team ends with success when every goal "
        "need of its individual plan is below the independence threshold at a review, at its time "
        "limit, or when the family withdraws; each team is one row of programmes.parquet in a "
        "single run.",
        "teams_started": "teams started", "teams_success": "ended with success (share)",
        "teams_time_limit": "ended at the time limit", "teams_dropout": "ended by withdrawal",
        "teams_duration": "mean duration (weeks)",
        "unchanged": "{outcome}: no change distinguishable from zero (95% CI {lo} to {hi}; "
        "better in {pb} of replications)",
        "up": "up", "down": "down",
        "better": "", "worse": " — worse",
        "caveat": ("How much each coordination benefit is worth (faster referrals, information "
                   "sharing, fewer misdirected referrals, trust) is not known from the pilot: no "
                   "public report gives a comparison group. These values are assumptions, listed "
                   "in the parameter table with their plausible ranges. Under uncertainty=full "
                   "each replication draws them from those ranges, so the intervals and 'better "
                   "in' carry them; under uncertainty=chance they are point values and the "
                   "intervals count chance only. The drivers section shows which assumptions "
                   "matter most; the sensitivity experiment explores them further."),
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
        "direct": "direct work with families",
        "coordination": "coordination (Blue Card groups, PZK, ZZK, supervision)",
        "administration": "administration",
        "unused": "not used (no family to see, waiting)",
        "headline": "The answer in brief",
        "head_effect": ("{scenario} against {baseline}, {outcome}: {diff} (95% CI {lo} to {hi}); "
                        "better than {baseline} in {prob} of replications"),
        "head_caseload": ("at {fpw} families per worker ({workers} workers): {diff} (95% CI {lo} "
                          "to {hi}); better in {prob}"),
        "head_drivers": "what drives the effect on {outcome} most (PRCC): {drivers}",
        "caveat_full": ("Benefit sizes are assumptions: each replication draws them from plausible "
                        "ranges (uncertainty=full; priors below), the same draw in every scenario, "
                        "so intervals and 'better in' count both chance and what we do not know."),
        "caveat_chance": ("Benefit sizes are assumed point values (uncertainty=chance): intervals "
                          "count chance only, not what we do not know about the assumptions."),
        "priors": "Assumptions drawn from plausible ranges",
        "priors_text": ("Under uncertainty=full replication r draws each of these parameters once "
                        "(seeded by seed and r only) and every scenario of that replication uses "
                        "the draw. Every range reaches a null or near-null benefit, as the "
                        "evaluation literature does (Troubled Families phase 1: no significant "
                        "impact; wraparound: effect size about 0.33; integrated care: outcomes "
                        "about x1.06 from low-quality studies)."),
        "priors_fixed": "Held at the value given on the command line or by the grid: {keys}.",
        "drivers": "What drives the effect (partial rank correlation)",
        "drivers_text": ("For each scenario and outcome, the partial rank correlation (PRCC) of each "
                         "drawn parameter with the paired difference against {baseline}, across "
                         "replications (cell '{cell}'; the three strongest; all in drivers.csv). "
                         "Near ±1: the effect rises or falls with that assumption; near 0: it "
                         "does not depend on it."),
        "decomposition": "What each dimension adds",
        "decomp_text": ("Paired differences between scenarios on the same replications (cell "
                        "'{cell}'). costs_only runs all three dimensions with their time and "
                        "costs but none of their benefits."),
        "contrast": "contrast",
        "c_costs": "costs only (all dimensions, no benefits) − siloed",
        "c_d1": "D1 PZK: pzk − siloed",
        "c_d2": "D2 ZZK added: pzk_zzk − pzk",
        "c_d3": "D3 work with client added: kooperacje_3d − pzk_zzk",
        "c_all": "all three: kooperacje_3d − siloed",
        "prob_better": "better in", "parameter": "parameter", "rank": "rank",
        "distribution": "distribution", "range": "range", "reasoning": "reasoning",
    },
    "pl": {
        "title": "Symulacja Kooperacje 3D: co zmienia współpraca",
        "summary": "Podsumowanie",
        "intro": ("Zasymulowano {n_scen} scenariusze współpracy dla gminy '{municipality}' w "
                  "horyzoncie {weeks} tygodni, po {reps} powtórzeń każdy. Powtórzenie r każdego "
                  "scenariusza dotyczy tych samych rodzin i tych samych zdarzeń losowych "
                  "(ziarno {seed}+r), więc różnice wynikają wyłącznie ze współpracy."),
        "vs": "W porównaniu ze scenariuszem {baseline}, {scenario}:",
        "bullet": "{outcome}: {direction} o {abs_diff} ({pct}; 95% PU {lo} do {hi}; lepiej w "
        "{pb} powtórzeń){flag}",
        "teams": "Zadaniowe zespoły kooperacyjne (ZZK)",
        "teams_text": "Średnio na powtórzenie ({cell}). Zespół kończy się sukcesem, gdy przy "
        "przeglądzie wszystkie potrzeby objęte celami planu indywidualnego spadną poniżej progu "
        "samodzielności; kończy się też po upływie maksymalnego czasu albo gdy rodzina się wycofa. "
        "W pojedynczym przebiegu każdy zespół to jeden wiersz programmes.parquet.",
        "teams_started": "utworzone zespoły", "teams_success": "zakończone sukcesem (odsetek)",
        "teams_time_limit": "zakończone po upływie czasu", "teams_dropout": "zakończone wycofaniem się rodziny",
        "teams_duration": "średni czas trwania (tygodnie)",
        "unchanged": "{outcome}: brak zmiany odróżnialnej od zera (95% PU {lo} do {hi}; lepiej "
        "w {pb} powtórzeń)",
        "up": "wzrost", "down": "spadek",
        "better": "", "worse": " — gorzej",
        "caveat": ("Wielkość korzyści z koordynacji (szybsze skierowania, wymiana informacji, "
                   "mniej błędnych skierowań, zaufanie) nie jest znana z pilotażu: żaden publiczny "
                   "raport nie podaje grupy porównawczej. Wartości te są założeniami (tabela "
                   "parametrów, z wiarygodnymi przedziałami). Przy uncertainty=full każde "
                   "powtórzenie losuje je z tych przedziałów, więc przedziały ufności i odsetek "
                   "'lepiej' obejmują tę niepewność; przy uncertainty=chance są to wartości "
                   "punktowe, a przedziały obejmują tylko losowość. Sekcja o czynnikach pokazuje, "
                   "które założenia ważą najwięcej; eksperyment wrażliwości bada je dokładniej."),
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
        "coordination": "koordynacja (grupy NK, PZK, ZZK, superwizja)",
        "administration": "administracja",
        "unused": "niewykorzystane",
        "headline": "Odpowiedź w skrócie",
        "head_effect": ("{scenario} wobec {baseline}, {outcome}: {diff} (95% PU {lo} do {hi}); "
                        "lepiej niż {baseline} w {prob} powtórzeń"),
        "head_caseload": ("przy {fpw} rodzinach na pracownika ({workers} pracowników): {diff} "
                          "(95% PU {lo} do {hi}); lepiej w {prob} powtórzeń"),
        "head_drivers": "najsilniejsze czynniki efektu – {outcome} (PRCC): {drivers}",
        "caveat_full": ("Wielkości korzyści są założeniami: każde powtórzenie losuje je z "
                        "wiarygodnych przedziałów (uncertainty=full; rozkłady niżej), to samo "
                        "losowanie w każdym scenariuszu, więc przedziały i odsetek 'lepiej' "
                        "obejmują i przypadek, i to, czego nie wiemy."),
        "caveat_chance": ("Wielkości korzyści to przyjęte wartości punktowe (uncertainty=chance): "
                          "przedziały obejmują tylko przypadek, nie niepewność założeń."),
        "priors": "Założenia losowane z wiarygodnych przedziałów",
        "priors_text": ("Przy uncertainty=full powtórzenie r losuje każdy z tych parametrów raz "
                        "(ziarno zależy tylko od seed i r), a każdy scenariusz tego powtórzenia "
                        "używa tego samego losowania. Każdy przedział sięga korzyści zerowej lub "
                        "bliskiej zeru, tak jak literatura ewaluacyjna (Troubled Families, "
                        "pierwsza faza: brak istotnego wpływu; wraparound: wielkość efektu około "
                        "0,33; opieka zintegrowana: wyniki około x1,06 z badań niskiej jakości)."),
        "priors_fixed": "Ustalone wartością z wiersza poleceń lub siatki: {keys}.",
        "drivers": "Od czego zależy efekt (częściowa korelacja rang)",
        "drivers_text": ("Dla każdego scenariusza i wyniku: częściowa korelacja rang (PRCC) "
                         "każdego losowanego parametru z różnicą w parach względem scenariusza "
                         "{baseline}, po powtórzeniach (wariant '{cell}'; trzy najsilniejsze; "
                         "wszystkie w drivers.csv). Blisko ±1: efekt rośnie lub maleje wraz z tym "
                         "założeniem; blisko 0: od niego nie zależy."),
        "decomposition": "Co dodaje każdy wymiar",
        "decomp_text": ("Różnice w parach między scenariuszami w tych samych powtórzeniach "
                        "(wariant '{cell}'). costs_only to wszystkie trzy wymiary z ich czasem "
                        "i kosztami, ale bez korzyści."),
        "contrast": "porównanie",
        "c_costs": "same koszty (wszystkie wymiary, bez korzyści) − siloed",
        "c_d1": "W1 PZK: pzk − siloed",
        "c_d2": "dodatek W2 ZZK: pzk_zzk − pzk",
        "c_d3": "dodatek W3 praca z klientem: kooperacje_3d − pzk_zzk",
        "c_all": "wszystkie trzy: kooperacje_3d − siloed",
        "prob_better": "lepiej w", "parameter": "parametr", "rank": "miejsce",
        "distribution": "rozkład", "range": "przedział", "reasoning": "uzasadnienie",
    },
}

OUTCOME_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "exits_to_independence": "exits to independence",
        "crises_total": "crises (all)",
        "crises_niebieska_karta": "Niebieska Karta interventions",
        "crises_foster_care": "foster-care placements (families)",
        "children_placed": "children placed in foster care",
        "contacts": "contacts with families",
        "teams_started": "task teams (ZZK) started",
        "teams_success_share": "share of task teams ending with success",
        "crises_eviction": "evictions",
        "crises_hospitalisation": "emergency hospitalisations",
        "mean_need": "mean need severity",
        "revealed_unserved_share": "share of known needs without a service",
        "hidden_needs": "hidden needs (not known to the OPS)",
        "mean_wait_weeks": "waiting weeks per service",
        "duplicate_service_weeks": "duplicate service weeks",
        "referrals_misdirected": "misdirected referrals",
        "hours_coordination": "worker coordination hours",
        "hours_direct": "worker hours with families (longer contacts count too)",
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
        "crises_foster_care": "umieszczenia w pieczy zastępczej (rodziny)",
        "children_placed": "dzieci umieszczone w pieczy zastępczej",
        "contacts": "kontakty z rodzinami",
        "teams_started": "utworzone zespoły zadaniowe (ZZK)",
        "teams_success_share": "odsetek ZZK zakończonych sukcesem",
        "crises_eviction": "eksmisje",
        "crises_hospitalisation": "nagłe hospitalizacje",
        "mean_need": "średnie nasilenie potrzeb",
        "revealed_unserved_share": "odsetek znanych potrzeb bez usługi",
        "hidden_needs": "potrzeby ukryte (nieznane OPS)",
        "mean_wait_weeks": "tygodnie oczekiwania na usługę",
        "duplicate_service_weeks": "zdublowane tygodnie usług",
        "referrals_misdirected": "błędnie skierowane sprawy",
        "hours_coordination": "godziny koordynacji pracowników",
        "hours_direct": "godziny pracy z rodzinami (także dłuższe kontakty)",
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
