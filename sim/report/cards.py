"""Cost-of-inaction cards (karty kosztów zaniechania): one per problem area, in the style of the
programme's cards for domestic violence, care and upbringing, homelessness and other areas.

Each card is a small figure (what the baseline costs beyond the scenario, by cost component, with
its 95% interval) and two lines of plain text, Polish and English. Built only from the table of
:func:`sim.analysis.inaction.inaction_costs` (``inaction_costs.csv``); the model is never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.areas import AREAS
from sim.i18n import localise_axes, number
from sim.report.drawing import Figure

AREA_NAMES = {
    "domestic_violence": ("Przemoc domowa", "Domestic violence"),
    "children_care": ("Opieka i wychowanie dzieci", "Care and upbringing of children"),
    "homelessness_housing": ("Bezdomność i mieszkalnictwo", "Homelessness and housing"),
    "addiction": ("Uzależnienia", "Addiction"),
    "unemployment_poverty": ("Bezrobocie i ubóstwo", "Unemployment and poverty"),
    "disability_illness": ("Niepełnosprawność i choroba", "Disability and illness"),
    "old_age": ("Starość i opieka nad seniorem", "Old age and care of seniors"),
    "justice": ("Wyjście z zakładu karnego, kuratela", "Leaving prison, probation"),
}
COMPONENTS = {  # item -> (pl, en)
    "cost_crises": ("kryzysy", "crises"),
    "cost_services": ("usługi", "services"),
    "cost_coordination": ("czas pracowników i partnerów", "worker and partner time"),
    "cost_total": ("razem", "total"),
}


@dataclass(frozen=True)
class Card:
    area: str
    figure: Path
    text_pl: str
    text_en: str


def _number(x: float, lang: str) -> str:
    """Whole numbers from 100 up, one decimal below, in the language's format."""
    return number(x, lang, 0 if abs(x) >= 100 else 1)


SCENARIO_NAMES = {  # name -> (pl, en) for plain text; other names are shown as they are
    "siloed": ("praca w silosach", "siloed work"),
    "costs_only": ("same koszty kooperacji", "cooperation's costs alone"),
    "pzk": ("sam PZK", "the PZK alone"),
    "pzk_zzk": ("PZK z ZZK", "the PZK with task teams"),
    "kooperacje_3d": ("Kooperacje 3D", "Kooperacje 3D"),
}


def _scenario(name: str, pl: bool) -> str:
    return SCENARIO_NAMES.get(name, (name, name))[0 if pl else 1]


def _sentence(rows: pd.DataFrame, area: str, scenario: str, baseline: str, lang: str,
              weeks: int | None = None) -> str:
    """One plain-language line: what the baseline costs in the area beyond the scenario."""
    pl = lang == "pl"
    name = AREA_NAMES.get(area, (area, area))[0 if pl else 1]
    base, scen = _scenario(baseline, pl), _scenario(scenario, pl)
    total = rows.loc["cost_total"]
    value, low, high = total["inaction_cost"], total["inaction_low"], total["inaction_high"]
    span = (f" w ciągu {weeks} tygodni" if pl else f" over {weeks} weeks") if weeks else ""
    if low <= 0 <= high:
        body = (f"{base} i {scen} kosztują{span} tyle samo w granicach niepewności" if pl else
                f"{base} and {scen} cost the same{span} within the uncertainty")
    else:
        more, less = (base, scen) if value > 0 else (scen, base)
        if value < 0:
            low, high = -high, -low
        amount = _number(abs(value), lang)
        body = (f"{more} kosztuje{span} o {amount} zł więcej niż {less}" if pl else
                f"{more} costs {amount} PLN more{span} than {less}")
    unit = "zł" if pl else "PLN"
    body += f" (95% CI {_number(low, lang)} … {_number(high, lang)} {unit})"
    tail = ""
    if "crises" in rows.index and rows.loc["crises", "inaction_cost"] != 0:
        crises = rows.loc["crises", "inaction_cost"]
        n = ("+" if crises > 0 else "−") + _number(abs(crises), lang)
        tail = f"; liczba kryzysów, {base}: {n}" if pl else f"; crises, {base}: {n}"
    return f"{name}: {body}{tail}."


def figure(rows: pd.DataFrame, area: str, lang: str, path: Path) -> Path:
    """One card's figure (imports pyplot only here: a report plans its cards without it)."""
    import matplotlib.pyplot as plt

    pl = lang == "pl"
    items = [i for i in COMPONENTS if i in rows.index]
    part = rows.loc[items]
    labels = [COMPONENTS[i][0 if pl else 1] for i in items]
    values = part["inaction_cost"].to_numpy(float) / 1000
    err = [values - part["inaction_low"].to_numpy(float) / 1000,
           part["inaction_high"].to_numpy(float) / 1000 - values]
    colors = ["#2a9d8f" if v >= 0 else "#e76f51" for v in values]
    fig, ax = plt.subplots(figsize=(4.2, 2.2))
    ax.barh(labels, values, xerr=err, color=colors, capsize=3)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_title(AREA_NAMES.get(area, (area, area))[0 if pl else 1], fontsize=10)
    ax.set_xlabel("koszt zaniechania, tys. zł (95% CI)" if pl
                  else "cost of inaction, thousand PLN (95% CI)", fontsize=8)
    ax.tick_params(labelsize=8)
    localise_axes(fig, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def render(table: pd.DataFrame, folder: Path, lang: str = "en",
           scenario: str = "kooperacje_3d", baseline: str = "siloed",
           cell: str | None = None, weeks: int | None = None) -> list[Card]:
    """The cards of :func:`plan`, their figures drawn here."""
    cards, figures = plan(table, folder, lang, scenario, baseline, cell, weeks)
    for one in figures:
        one.draw()
    return cards


def plan(table: pd.DataFrame, folder: Path, lang: str = "en",
         scenario: str = "kooperacje_3d", baseline: str = "siloed",
         cell: str | None = None, weeks: int | None = None) -> tuple[list[Card], list[Figure]]:
    """One card per problem area of ``table`` (``inaction_costs.csv``) for ``scenario`` against
    ``baseline`` in ``cell`` (default: the table's first cell, e.g. the report's main cell),
    and its figure to draw (``sim.report.drawing``) into ``folder/inaction_<area>.png`` (labels
    in ``lang``); ``weeks``, if given, is the runs' length named in the text. No card if the
    scenario is not in the table."""
    if cell is None and len(table):
        cell = table["cell"].iloc[0]
    part = table[(table["scenario"] == scenario) & (table["cell"] == cell)]
    cards, figures = [], []
    for area in [a for a in AREAS if a in set(part["area"])]:
        rows = part[part["area"] == area].set_index("item")
        if "cost_total" not in rows.index:
            continue
        path = Path(folder) / f"inaction_{area}.png"
        figures.append(Figure("sim.report.cards.figure", (rows, area, lang, path)))
        cards.append(Card(area, path, _sentence(rows, area, scenario, baseline, "pl", weeks),
                          _sentence(rows, area, scenario, baseline, "en", weeks)))
    return cards, figures


def blocks(cards: list[Card], lang: str = "en") -> list[tuple]:
    """The cards as blocks of ``sim.report.document``: heading, then per card its figure and its
    line in the report's language (a Polish report carries no English; ``k3d-report --lang``
    writes the other language's report beside it)."""
    if not cards:
        return []
    pl = lang == "pl"
    out: list[tuple] = [("h2", "Koszty zaniechania kooperacji" if pl
                         else "Costs of non-cooperation by problem area")]
    for card in cards:
        out += [("img", card.figure, AREA_NAMES.get(card.area, (card.area,) * 2)[0 if pl else 1]),
                ("p", card.text_pl if pl else card.text_en)]
    return out
