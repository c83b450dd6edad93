"""Every label and sentence of reports in English and Polish, with the domain's Polish terms.

Templates follow :mod:`sim.i18n`: ``{x:n}`` numbers, ``{x:%}`` shares, ``{x:zł}`` money and
``{n:#form|form|form}`` plurals are formatted by Babel for the language.
"""

from __future__ import annotations

from sim.i18n import Vocabulary
from sim.study.plan import CASELOAD_KEY

TEXT = Vocabulary({
    "en": {
        "title": "Kooperacje 3D simulation: what cooperation changes",
        "summary": "Summary",
        "intro": ("{n_scen:#cooperation scenario was|cooperation scenarios were} simulated for "
                  "{municipality} over {weeks:#week|weeks}, each with "
                  "{reps:#replication|replications}. Replication r of every scenario meets the "
                  "same families and the same life events (seed {seed}+r), so differences come "
                  "from cooperation alone."),
        "vs": "{scenario} compared with {baseline}:",
        "bullet": "{outcome}: {diff} ({pct}; {ci}; better in {pb} of replications){flag}",
        "unchanged": "{outcome}: {diff}, no change distinguishable from zero ({ci}; better in "
        "{pb} of replications)",
        "better": "", "worse": " — worse",
        "ci_text": "95% CI {lo} to {hi}",
        "ci_none": "no interval: {n:#replication|replications}, at least 3 needed",
        "few_reps": ("Only {n:#replication|replications} per scenario: intervals need at least 3 "
                     "and are not shown; run more replications (replications=50 is the "
                     "default)."),
        "teams": "Task teams (ZZK)",
        "teams_text": "Mean per replication ({cell}). A team ends with success when every goal "
        "need of its individual plan is below the independence threshold at a review, at its time "
        "limit, or when the family withdraws; each team is one row of programmes.parquet in a "
        "single run.",
        "teams_started": "teams started", "teams_success": "ended with success (share)",
        "teams_time_limit": "ended at the time limit", "teams_dropout": "ended by withdrawal",
        "teams_duration": "mean duration (weeks)",
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
        "cells": ("The study varies its setting over {n:#cell|cells}; each cell is compared on "
                  "its own seeds. Detailed figures show the cell {main}."),
        "fig_grid": ("Effect in each cell of the study (relative change against the baseline, "
                     "95% CI)"),
        "fig_over_time": "Outcomes over time (mean and 95% band across replications)",
        "fig_forest": "Paired differences against the baseline (relative change, 95% CI)",
        "fig_cost_effect": "Extra cost against extra exits to independence (per scenario, 95% CI)",
        "fig_worker_time": "Where social workers' time goes (hours per worker per week)",
        "reproduce": "Reproduce",
        "reproduce_text": ("Run this command in the project folder (same versions give identical "
                           "numbers):"),
        "reproduce_lang": "This report's language was chosen when rebuilding it:",
        "config": "Configuration",
        "seeds": "Seeds: {first} … {last}",
        "versions": "Package versions",
        "package": "package", "version": "version",
        "params": "Parameters, units and sources",
        "params_note": "",
        "failures": "Failed runs",
        "sweep_title": "Kooperacje 3D sweep: effects against the swept parameters",
        "sweep_studies": ("{jobs:#job|jobs} in {root}, each a study: the scenarios compared with "
                          "{baseline}, replication by replication on shared seeds. Swept: "
                          "{params}."),
        "sweep_runs": "{jobs:#job|jobs} in {root}, each a single run. Swept: {params}.",
        "sweep_none": ("No parameter differs between the jobs, so there is nothing to show "
                       "against a parameter; the results are in sweep_summary.csv."),
        "sweep_against": "Against {param}",
        "sweep_held": ("The other swept parameters are held at each of their values in turn "
                       "(rows of the figure): {held}."),
        "sweep_effect_text": ("Mean paired difference from {baseline} over the replications of "
                              "each job, its 95% confidence interval and the share of "
                              "replications in which the scenario did better (from "
                              "sweep_comparison.csv)."),
        "sweep_outcome_text": ("Mean over the runs (seeds) of each combination, with its 95% "
                               "confidence interval (sweep_outcomes.csv)."),
        "fig_sweep_effect": "Effect against {param} (difference from {baseline}, 95% CI)",
        "fig_sweep_outcome": "Outcomes against {param} (mean over seeds, 95% CI)",
        "sweep_open": ("Open markers: fewer than 3 replications, so no interval is drawn (it "
                       "would be meaningless)."),
        "sweep_axis": "difference from {baseline}",
        "sweep_jobs": "Jobs", "sweep_failed": "Failed jobs", "job": "job", "mean": "mean",
        "runs": "runs",
        "cell": "cell", "scenario": "scenario", "outcome": "outcome", "difference": "difference",
        "baseline_mean": "baseline mean", "scenario_mean": "scenario mean", "change": "change",
        "change_vs": "change against {baseline} (%)",
        "ci": "95% CI", "week": "week", "hours": "hours per worker per week",
        "extra_cost": "extra total cost (PLN)", "extra_exits": "extra exits to independence",
        "direct": "direct work with families",
        "coordination": "coordination (Blue Card groups, PZK, ZZK, supervision)",
        "administration": "administration",
        "unused": "not used (no family to see, waiting)",
        "headline": "The answer in brief",
        "head_intro": ("Each cooperation scenario against {baseline} in {municipality}, over "
                       "{weeks:#week|weeks}, {reps:#replication|replications} each."),
        "head_staff": ("Caseload: {fpw:#family|families} per worker ({workers:#social "
                       "worker|social workers})."),
        "head_line": ("{verdict}. Exits to independence {exits}; crises {crises}; "
                      "total cost {cost}."),
        "head_effect": "{diff} ({ci}; better than {baseline} in {prob} of replications)",
        "head_cost": "{diff} ({ci})",
        "v_helps": "helps", "v_probably": "probably helps", "v_unclear": "no clear effect",
        "v_worse": "does worse", "v_probably_worse": "probably does worse",
        "v_mixed": "helps on one outcome, does worse on the other",
        "v_unknown": "too few replications to tell",
        "v_partly": "helps on {sure}, no clear effect on {rest}",
        "v_partly_worse": "does worse on {sure}, no clear effect on {rest}",
        "o_exits_to_independence": "exits to independence", "o_crises_total": "crises",
        "head_caseload": ("The answer depends on the caseload: with fewer workers, "
                          "coordination time is taken from families (under {scenario} it adds "
                          "{coord:+n} worker hours over the horizon while hours with families "
                          "change by {direct:+n})."),
        "head_other": ("The same comparison at {fpw:#family|families} per worker "
                       "({workers:#worker|workers}): {scenarios}."),
        "head_there": "{scenario} — {verdict}: exits {diff} ({ci})",
        "head_horizon": ("The answer depends on the horizon: {scenario}'s extra cost is "
                         "{early} after {early_weeks:#week|weeks} but {late} after "
                         "{late_weeks:#week|weeks}. Why: coordination is paid from the first "
                         "week (by week {early_weeks}: {coord_early}), while savings on crises "
                         "and services build up as fewer families fall into crisis and more "
                         "leave assistance (by week {late_weeks}: crises {crises_late}, "
                         "services {services_late})."),
        "head_drivers": "What the effect on {outcome} hinges on most (drivers section): {drivers}.",
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
        "drivers_text": ("For each scenario and outcome, the partial rank correlation (PRCC) of "
                         "each drawn parameter with the paired difference against {baseline}, "
                         "across replications (cell {cell}; the three strongest; all in "
                         "drivers.csv). Near ±1: the effect rises or falls with that "
                         "assumption; near 0: it does not depend on it."),
        "decomposition": "What each dimension adds",
        "decomp_text": ("Paired differences between scenarios on the same replications (cell "
                        "{cell}). 'Costs only' runs all three dimensions with their time and "
                        "costs but none of their benefits."),
        "contrast": "contrast",
        "c_costs": "costs only (all dimensions, no benefits) − siloed",
        "c_d1": "D1 PZK: PZK − siloed",
        "c_d2": "D2 ZZK added: PZK + ZZK − PZK",
        "c_d3": "D3 work with the client added: Kooperacje 3D − PZK + ZZK",
        "c_basket": "the local basket of services: Kooperacje 3D − the same without the basket",
        "c_leader": "the PZK's leader: Kooperacje 3D − the same without a leader",
        "c_all": "all three: Kooperacje 3D − siloed",
        "prob_better": "better in", "parameter": "parameter", "rank": "rank",
        "distribution": "distribution", "range": "range", "reasoning": "reasoning",
        "value": "value", "unit": "unit", "source": "source",
        "plausible": "plausible range (uncertainty)", "origin": "origin",
        "assumption": "assumption",
        "caseload_cell": "{fpw:#family|families} per worker",
    },
    "pl": {
        "title": "Symulacja Kooperacje 3D: co zmienia współpraca",
        "summary": "Podsumowanie",
        "intro": ("Zasymulowano {n_scen:#scenariusz|scenariusze|scenariuszy} współpracy dla "
                  "gminy: {municipality}, w horyzoncie {weeks:#tygodnia|tygodni}, po "
                  "{reps:#powtórzeniu|powtórzenia|powtórzeń|powtórzenia} każdy. Powtórzenie r "
                  "każdego scenariusza dotyczy tych samych rodzin i tych samych zdarzeń "
                  "losowych (ziarno {seed}+r), więc różnice wynikają wyłącznie ze współpracy."),
        "vs": "{scenario} w porównaniu ze scenariuszem {baseline}:",
        "bullet": "{outcome}: {diff} ({pct}; {ci}; lepiej w {pb} powtórzeń){flag}",
        "unchanged": "{outcome}: {diff}, brak zmiany odróżnialnej od zera ({ci}; lepiej w {pb} "
        "powtórzeń)",
        "better": "", "worse": " — gorzej",
        "ci_text": "95% PU od {lo} do {hi}",
        "ci_none": ("bez przedziału: {n:#powtórzenie|powtórzenia|powtórzeń}, potrzeba co "
                    "najmniej 3"),
        "few_reps": ("Tylko {n:#powtórzenie|powtórzenia|powtórzeń} na scenariusz: przedział "
                     "ufności wymaga co najmniej 3, więc go nie pokazano; uruchom więcej "
                     "powtórzeń (domyślnie replications=50)."),
        "teams": "Zadaniowe zespoły kooperacyjne (ZZK)",
        "teams_text": "Średnio na powtórzenie ({cell}). Zespół kończy się sukcesem, gdy przy "
        "przeglądzie wszystkie potrzeby objęte celami planu indywidualnego spadną poniżej progu "
        "samodzielności; kończy się też po upływie maksymalnego czasu albo gdy rodzina się wycofa. "
        "W pojedynczym przebiegu każdy zespół to jeden wiersz programmes.parquet.",
        "teams_started": "utworzone zespoły", "teams_success": "zakończone sukcesem (odsetek)",
        "teams_time_limit": "zakończone po upływie czasu",
        "teams_dropout": "zakończone wycofaniem się rodziny",
        "teams_duration": "średni czas trwania (tygodnie)",
        "caveat": ("Wielkość korzyści z koordynacji (szybsze skierowania, wymiana informacji, "
                   "mniej błędnych skierowań, zaufanie) nie jest znana z pilotażu: żaden publiczny "
                   "raport nie podaje grupy porównawczej. Wartości te są założeniami (tabela "
                   "parametrów, z wiarygodnymi przedziałami). Przy uncertainty=full każde "
                   "powtórzenie losuje je z tych przedziałów, więc przedziały ufności i odsetek "
                   "„lepiej” obejmują tę niepewność; przy uncertainty=chance są to wartości "
                   "punktowe, a przedziały obejmują tylko losowość. Sekcja o czynnikach pokazuje, "
                   "które założenia ważą najwięcej; eksperyment wrażliwości bada je dokładniej."),
        "comparison": "Różnice w parach względem scenariusza {baseline}",
        "figures": "Wykresy",
        "cells": ("Badanie zmienia warunki w {n:#wariancie|wariantach}; każdy porównano na tych "
                  "samych ziarnach. Szczegółowe wykresy dotyczą wariantu: {main}."),
        "fig_grid": "Efekt w każdym wariancie badania (zmiana względna, 95% PU)",
        "fig_over_time": "Wyniki w czasie (średnia i 95% pasmo z powtórzeń)",
        "fig_forest": "Różnice względem scenariusza bazowego (zmiana względna, 95% PU)",
        "fig_cost_effect": "Dodatkowy koszt a dodatkowe usamodzielnienia (95% PU)",
        "fig_worker_time": ("Na co idzie czas pracowników socjalnych (godziny na pracownika "
                            "tygodniowo)"),
        "reproduce": "Odtworzenie",
        "reproduce_text": "Uruchom w katalogu projektu (te same wersje dają identyczne liczby):",
        "reproduce_lang": "Język tego raportu wybrano przy jego odtworzeniu:",
        "config": "Konfiguracja",
        "seeds": "Ziarna losowe: {first} … {last}",
        "versions": "Wersje pakietów",
        "package": "pakiet", "version": "wersja",
        "params": "Parametry, jednostki i źródła",
        "params_note": ("Opisy źródeł cytują dokumentację modelu "
                        "(po angielsku)."),
        "failures": "Nieudane przebiegi",
        "sweep_title": "Kooperacje 3D: efekty przy różnych wartościach parametrów",
        "sweep_studies": ("{jobs:#zadanie|zadania|zadań} w {root}, każde to badanie: scenariusze "
                          "porównane ze scenariuszem {baseline} w parach powtórzeń o wspólnych "
                          "ziarnach. Zmieniane: {params}."),
        "sweep_runs": ("{jobs:#zadanie|zadania|zadań} w {root}, każde to jeden przebieg. "
                       "Zmieniane: {params}."),
        "sweep_none": ("Żaden parametr nie różni się między zadaniami, więc nie ma czego pokazać "
                       "względem parametru; wyniki są w sweep_summary.csv."),
        "sweep_against": "Względem: {param}",
        "sweep_held": ("Pozostałe zmieniane parametry mają po kolei każdą ze swoich wartości "
                       "(wiersze wykresu): {held}."),
        "sweep_effect_text": ("Średnia różnica w parach względem scenariusza {baseline} z "
                              "powtórzeń każdego zadania, jej 95% przedział ufności i odsetek "
                              "powtórzeń, w których scenariusz wypadł lepiej (z "
                              "sweep_comparison.csv)."),
        "sweep_outcome_text": ("Średnia z przebiegów (ziaren) każdej kombinacji i jej 95% "
                               "przedział ufności (sweep_outcomes.csv)."),
        "fig_sweep_effect": "Efekt względem: {param} (różnica od: {baseline}, 95% PU)",
        "fig_sweep_outcome": "Wyniki względem: {param} (średnia z ziaren, 95% PU)",
        "sweep_open": ("Puste znaczniki: mniej niż 3 powtórzenia, więc bez przedziału (byłby "
                       "bez znaczenia)."),
        "sweep_axis": "różnica od: {baseline}",
        "sweep_jobs": "Zadania", "sweep_failed": "Nieudane zadania", "job": "zadanie",
        "mean": "średnia", "runs": "przebiegi",
        "cell": "wariant", "scenario": "scenariusz", "outcome": "wynik", "difference": "różnica",
        "baseline_mean": "średnia bazowa", "scenario_mean": "średnia scenariusza",
        "change": "zmiana", "change_vs": "zmiana względem: {baseline} (%)",
        "ci": "95% PU", "week": "tydzień",
        "hours": "godziny na pracownika tygodniowo",
        "extra_cost": "dodatkowy koszt całkowity (zł)", "extra_exits": "dodatkowe usamodzielnienia",
        "direct": "praca bezpośrednia z rodzinami",
        "coordination": "koordynacja (grupy NK, PZK, ZZK, superwizja)",
        "administration": "administracja",
        "unused": "niewykorzystane (brak rodziny do odwiedzenia, oczekiwanie)",
        "headline": "Odpowiedź w skrócie",
        "head_intro": ("Każdy scenariusz współpracy względem scenariusza „{baseline}”; gmina: "
                       "{municipality}; horyzont {weeks:#tydzień|tygodnie|tygodni}; po "
                       "{reps:#powtórzeniu|powtórzenia|powtórzeń|powtórzenia} na scenariusz."),
        "head_staff": ("Obciążenie: {fpw:#rodzina|rodziny|rodzin|rodziny} na pracownika "
                       "({workers:#pracownik socjalny|pracowników socjalnych|pracowników "
                       "socjalnych})."),
        "head_line": ("{verdict}. Usamodzielnienia {exits}; kryzysy {crises}; "
                      "koszt całkowity {cost}."),
        "head_effect": "{diff} ({ci}; lepiej niż „{baseline}” w {prob} powtórzeń)",
        "head_cost": "{diff} ({ci})",
        "v_helps": "pomaga", "v_probably": "prawdopodobnie pomaga",
        "v_unclear": "bez wyraźnego efektu", "v_worse": "daje gorsze wyniki",
        "v_probably_worse": "prawdopodobnie daje gorsze wyniki",
        "v_mixed": "pomaga w jednym wyniku, pogarsza drugi",
        "v_unknown": "za mało powtórzeń, by ocenić",
        "v_partly": "pomaga ({sure}), bez wyraźnego efektu ({rest})",
        "v_partly_worse": "pogarsza ({sure}), bez wyraźnego efektu ({rest})",
        "o_exits_to_independence": "usamodzielnienia", "o_crises_total": "kryzysy",
        "head_caseload": ("Odpowiedź zależy od obciążenia: przy mniejszej liczbie "
                          "pracowników czas na koordynację jest zabierany rodzinom (w "
                          "scenariuszu {scenario} koordynacja dodaje {coord:+n} godzin pracy w "
                          "całym horyzoncie, a godziny pracy z rodzinami zmieniają się o "
                          "{direct:+n})."),
        "head_other": ("To samo porównanie przy {fpw:#rodzinie|rodzinach} na pracownika "
                       "({workers:#pracownik|pracowników|pracowników}): {scenarios}."),
        "head_there": "{scenario} — {verdict}: usamodzielnienia {diff} ({ci})",
        "head_horizon": ("Odpowiedź zależy od horyzontu: dodatkowy koszt scenariusza {scenario} "
                         "wynosi {early} po {early_weeks:#tygodniu|tygodniach} i {late} po "
                         "{late_weeks:#tygodniu|tygodniach}. Dlaczego: za koordynację płaci się "
                         "od pierwszego tygodnia (do tygodnia {early_weeks}: {coord_early}), a "
                         "oszczędności na kryzysach i usługach narastają, gdy mniej rodzin "
                         "wpada w kryzys, a więcej wychodzi z pomocy (do tygodnia {late_weeks}: "
                         "kryzysy {crises_late}, usługi {services_late})."),
        "head_drivers": ("Od czego efekt na wynik „{outcome}” zależy najbardziej (sekcja o "
                         "czynnikach): {drivers}."),
        "caveat_full": ("Wielkości korzyści są założeniami: każde powtórzenie losuje je z "
                        "wiarygodnych przedziałów (uncertainty=full; rozkłady niżej), to samo "
                        "losowanie w każdym scenariuszu, więc przedziały i odsetek „lepiej” "
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
                         "„{baseline}”, po powtórzeniach (wariant: {cell}; trzy najsilniejsze; "
                         "wszystkie w drivers.csv). Blisko ±1: efekt rośnie lub maleje wraz z tym "
                         "założeniem; blisko 0: od niego nie zależy."),
        "decomposition": "Co dodaje każdy wymiar",
        "decomp_text": ("Różnice w parach między scenariuszami w tych samych powtórzeniach "
                        "(wariant: {cell}). „Same koszty” to wszystkie trzy wymiary z ich czasem "
                        "i kosztami, ale bez korzyści."),
        "contrast": "porównanie",
        "c_costs": "same koszty (wszystkie wymiary, bez korzyści) − bez współpracy",
        "c_d1": "W1 PZK: PZK − bez współpracy",
        "c_d2": "dodatek W2 ZZK: PZK + ZZK − PZK",
        "c_d3": "dodatek W3 praca z klientem: Kooperacje 3D − PZK + ZZK",
        "c_basket": "lokalny koszyk usług: Kooperacje 3D − to samo bez koszyka",
        "c_leader": "lider PZK: Kooperacje 3D − to samo bez lidera",
        "c_all": "wszystkie trzy: Kooperacje 3D − bez współpracy",
        "prob_better": "lepiej w", "parameter": "parametr", "rank": "miejsce",
        "distribution": "rozkład", "range": "przedział", "reasoning": "uzasadnienie",
        "value": "wartość", "unit": "jednostka", "source": "źródło",
        "plausible": "wiarygodny przedział (niepewność)", "origin": "pochodzenie",
        "assumption": "założenie",
        "caseload_cell": "{fpw:#rodzina|rodziny|rodzin|rodziny} na pracownika",
    },
})

ORIGINS = Vocabulary({  # where a parameter's value comes from (sim.validation.provenance_rows)
    "en": {"command line": "command line", "default": "default", "preset": "preset",
           "given": "given", "derived": "derived"},
    "pl": {"command line": "wiersz poleceń", "default": "domyślna", "preset": "z pliku ustawień",
           "given": "podana", "derived": "wyliczona"},
})

OUTCOMES = Vocabulary({
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
})

t = TEXT


def outcome_name(lang: str, key: str) -> str:
    return OUTCOMES.name(lang, key)


def caseload_of(cell: str) -> float | None:
    """Families per worker of a caseload cell's label ('families_per_worker=50')."""
    key, _, value = cell.partition("=")
    try:
        return float(value) if key == CASELOAD_KEY else None
    except ValueError:
        return None


def cell_name(lang: str, cell: str) -> str:
    """'50 rodzin na pracownika' for a caseload cell; other cells keep their key=value label."""
    fpw = caseload_of(cell)
    return cell if fpw is None else t(lang, "caseload_cell", fpw=fpw)


UNITS_PL = {  # the units of sim/config.py; English is the source language
    "weeks": "tygodnie", "week (0 = no pandemic)": "tydzień (0 = bez pandemii)",
    "institutions": "instytucje",
    "families in service at once, per institution": "rodziny w usłudze naraz, na instytucję",
    "probability/week": "prawdopodobieństwo/tydzień", "flag": "przełącznik",
    "probability": "prawdopodobieństwo", "severity": "nasilenie", "fraction": "ułamek",
    "severity added": "dodane nasilenie", "factor": "mnożnik", "sector names": "nazwy sektorów",
    "share of families": "odsetek rodzin", "1/week": "1/tydzień",
    "severity reduction/week at full engagement":
        "spadek nasilenia/tydzień przy pełnym zaangażowaniu",
    "integer seed": "ziarno (liczba całkowita)",
    "h/month per member institution": "h/miesiąc na instytucję członkowską",
    "h/month per social worker": "h/miesiąc na pracownika socjalnego",
    "h per report": "h na zgłoszenie", "1/h": "1/h", "sectors": "sektory", "teams": "zespoły",
    "h/month per team member": "h/miesiąc na członka zespołu", "referrals": "skierowania",
    "probability per review at zero trust": "prawdopodobieństwo na przegląd przy zerowym zaufaniu",
    "h per contact": "h na kontakt", "h/month per worker": "h/miesiąc na pracownika",
    "inhabitants": "mieszkańcy", "families": "rodziny", "full-time workers": "etaty",
    "family assistants (asystent rodziny)": "asystenci rodziny",
    "share of eligible families": "odsetek uprawnionych rodzin",
    "latent correlation": "korelacja ukryta",
    "1/week (relative growth)": "1/tydzień (wzrost względny)",
    "severity/week": "nasilenie/tydzień",
    "severity/week per unit above threshold": "nasilenie/tydzień na jednostkę powyżej progu",
    "1/week at trigger severity 1": "1/tydzień przy nasileniu wyzwalającym 1",
    "exponent": "wykładnik", "fraction of severity": "ułamek nasilenia",
    "share of non-single families": "odsetek rodzin wieloosobowych",
    "persons beyond the first": "osoby poza pierwszą", "trust in [0,1]": "zaufanie w [0,1]",
    "beta concentration": "koncentracja rozkładu beta", "1/contact": "1/kontakt",
    "trust": "zaufanie",
    "families/week per 1,000 initial families": "rodziny/tydzień na 1000 rodzin na starcie",
    "fraction of trust": "ułamek zaufania", "h/week": "h/tydzień",
    "share of hours": "odsetek godzin", "h": "h",
    "contacts/family/week": "kontakty/rodzinę/tydzień",
    "probability/contact": "prawdopodobieństwo/kontakt",
    "sd of skill (mean 1)": "odchylenie standardowe umiejętności (średnia 1)",
    "1/week per unit overload": "1/tydzień na jednostkę przeciążenia",
    "families/worker": "rodziny/pracownika",
    "probability/week at severity 1": "prawdopodobieństwo/tydzień przy nasileniu 1",
    "probability/week at zero trust": "prawdopodobieństwo/tydzień przy zerowym zaufaniu",
    "partner staff per group": "pracownicy partnerów na grupę",
    "h/month per member": "h/miesiąc na członka", "h/quarter per member": "h/kwartał na członka",
    "families per assistant": "rodziny na asystenta",
    "severity added to every active family's existing needs":
        "nasilenie dodane do istniejących potrzeb każdej rodziny w pomocy",
    "share of capacity left": "odsetek pozostałych miejsc",
    "phone contact time / visit time": "czas kontaktu telefonicznego / czas wizyty",
    "phone diagnosis / visit diagnosis": "diagnoza przez telefon / diagnoza w wizycie",
    "trust built by phone / in person": "zaufanie budowane przez telefon / osobiście",
    "PLN per family-week of service": "zł na tydzień usługi dla rodziny",
    "PLN per intervention": "zł na interwencję",
    "PLN per child-month of placement": "zł na miesiąc pobytu dziecka w pieczy",
    "months per placement": "miesiące na umieszczenie",
    "children per placement": "dzieci na umieszczenie", "PLN per eviction": "zł na eksmisję",
    "PLN per week in a shelter": "zł na tydzień w schronisku",
    "weeks in a shelter after eviction": "tygodnie w schronisku po eksmisji",
    "PLN per day": "zł na dzień", "days per emergency stay": "dni na pobyt nagły",
    "PLN per hour (employer cost)": "zł na godzinę (koszt pracodawcy)",
    "PLN per hour of partner staff": "zł na godzinę pracownika partnera",
    "PLN per family-week with a family assistant": "zł na tydzień rodziny z asystentem",
}


def unit_name(lang: str, unit: str) -> str:
    """A parameter's unit in ``lang``; an untranslated unit stays as written in sim/config.py."""
    return UNITS_PL.get(unit, unit) if lang == "pl" else unit
