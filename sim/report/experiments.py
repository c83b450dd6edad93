"""Report sections of the pilot power analysis and the sensitivity experiment: the numbers come
from :mod:`sim.analysis.power` and :mod:`sim.analysis.sensitivity`, the words and figure here."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.analysis import power, sensitivity
from sim.i18n import Vocabulary, localise_axes
from sim.i18n.names import scenario_name
from sim.report.texts import outcome_name

TEXT = Vocabulary({
    "en": {
        "pilot_head": "Pilot: minimum detectable effect and power",
        "pilot_how": ("The pilot supported 5-10 families per site in 50 sites (250-500 families) "
                      "for 21 months, with no comparison group. From the simulated runs we take "
                      "the families it would have chosen (present at the start with problems in "
                      "several domains), compare their outcomes under {scenario} and under "
                      "{baseline}, and ask which effect a two-sided test could find with that "
                      "many families and a comparison group of the same size (the minimum "
                      "detectable effect at the target power), and how likely it would find the "
                      "simulated effect. Families of one site share conditions: the design "
                      "effect 1 + (m - 1) * ICC inflates the variance."),
        "pilot_line": ("{outcome}, {n:#family|families}: minimum detectable effect {mde:n} "
                       "(simulated {effect:+n}), power {power:%}"),
        "sens_head": "Which assumptions drive the effect",
        "sens_how": ("Effect of {target} against {baseline}; {n:#sample|samples} ({method}). "
                     "Most influential parameters first:"),
        "undefined": sensitivity.UNDEFINED,
    },
    "pl": {
        "pilot_head": "Pilotaż: najmniejszy wykrywalny efekt i moc testu",
        "pilot_how": ("Pilotaż objął 5-10 rodzin w każdej z 50 jednostek (250-500 rodzin) przez "
                      "21 miesięcy, bez grupy porównawczej. Z symulacji bierzemy rodziny, które "
                      "zostałyby wybrane (obecne od początku, z problemami w kilku obszarach), "
                      "porównujemy ich wyniki w scenariuszu {scenario} i {baseline} i pytamy, "
                      "jaki efekt wykryłby test dwustronny przy takiej liczbie rodzin i równie "
                      "licznej grupie porównawczej (najmniejszy wykrywalny efekt przy zadanej "
                      "mocy) oraz z jakim prawdopodobieństwem wykryłby efekt z symulacji. "
                      "Rodziny jednej jednostki dzielą warunki: efekt schematu 1 + (m - 1) * ICC "
                      "zwiększa wariancję."),
        "pilot_line": ("{outcome}, {n:#rodzina|rodziny|rodzin}: najmniejszy wykrywalny efekt "
                       "{mde:n} (symulowany {effect:+n}), moc {power:%}"),
        "sens_head": "Które założenia decydują o efekcie",
        "sens_how": ("Efekt scenariusza {target} względem {baseline}; "
                     "{n:#próbka|próbki|próbek} ({method}). Najpierw parametry o największym "
                     "wpływie:"),
        "undefined": "nieokreślony w każdej próbce (wynik jest pusty we wszystkich przebiegach)",
    },
})


def pilot(root: Path, study: dict, lang: str) -> list[tuple]:
    table = power.power_table(power.family_outcomes(root, study["pilot"]["min_problems"]), study)
    table.to_csv(root / "power.csv", index=False)
    lines = [TEXT(lang, "pilot_line",
                  outcome=outcome_name(lang, power.FAMILY_OUTCOMES[row.outcome]),
                  n=row.families_supported, mde=row.mde, effect=row.simulated_effect,
                  power=row.power_for_simulated_effect)
             for row in table.itertuples()]
    how = TEXT(lang, "pilot_how", scenario=scenario_name(lang, study["pilot_target"]),
               baseline=scenario_name(lang, study["baseline"]))
    return [("h2", TEXT(lang, "pilot_head")), ("p", how), ("ul", lines), ("table", table.round(4))]


def drivers(root: Path, study: dict, summary: pd.DataFrame, lang: str) -> list[tuple]:
    table = sensitivity.analyse(root, study, summary)
    table.to_csv(root / "sensitivity.csv", index=False)
    key = "mu_star" if "mu_star" in table else "ST"
    if key not in table:  # every outcome undefined
        table = table.assign(**{key: np.nan, f"{key}_conf": np.nan})
    outcomes = list(dict.fromkeys(table["outcome"]))
    head = TEXT(lang, "sens_head")
    path = _ranking_figure(table, outcomes, key, root / "figures" / "sensitivity.png", lang)
    lines = []
    for outcome in outcomes:
        part = table[table["outcome"] == outcome].sort_values(key, ascending=False)
        top = (", ".join(part["parameter"].head(3)) if part[key].notna().any()
               else TEXT(lang, "undefined"))
        lines.append(f"{outcome_name(lang, outcome)}: {top}")
    spec = study["sensitivity"]
    how = TEXT(lang, "sens_how", target=scenario_name(lang, spec["target"]),
               baseline=scenario_name(lang, study["baseline"]),
               n=len(np.load(root / "samples.npy")), method=spec["method"])
    return [("h2", head), ("p", how), ("ul", lines), ("img", path, head),
            ("table", table.round(4))]


def _ranking_figure(table: pd.DataFrame, outcomes: list[str], key: str, path: Path,
                    lang: str) -> Path:
    fig, axes = plt.subplots(1, len(outcomes), figsize=(5.5 * len(outcomes), 5), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes):
        part = table[table["outcome"] == outcome].sort_values(key)
        ax.barh(part["parameter"], part[key], xerr=part[f"{key}_conf"], color="#4c72b0")
        ax.set_title(outcome_name(lang, outcome), fontsize=10)
        ax.set_xlabel(key)
        if ax is not axes[0][0]:
            ax.set_yticklabels([])
    localise_axes(fig, lang)
    fig.tight_layout()
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
