"""Costs of non-cooperation by problem area: the paired analysis and the cards."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis.inaction import COLUMNS, inaction_costs
from sim.areas import AREA_ITEMS, AREAS, area_key
from sim.report.cards import blocks, render


def study_summary(saving: dict[str, float], reps: int = 8) -> pd.DataFrame:
    """Runs of siloed and two scenarios: `cheaper` costs `saving[area]` less than siloed in each
    area (with noise both runs of a pair share), `same` costs exactly as much."""
    rng = np.random.default_rng(0)
    rows = []
    for r in range(reps):
        shared = {area_key(a, item): 1000 + 100 * rng.random()
                  for a in AREAS for item in AREA_ITEMS}
        rows.append({"scenario": "siloed", "replication": r, "cell": "base", **shared})
        rows.append({"scenario": "same", "replication": r, "cell": "base", **shared})
        cheaper = {k: v - saving.get(k.split(":")[1], 0.0) * (1 + 0.1 * (r % 2))
                   for k, v in shared.items()}
        rows.append({"scenario": "cheaper", "replication": r, "cell": "base", **cheaper})
    return pd.DataFrame(rows)


def test_the_cost_of_inaction_is_what_the_baseline_costs_beyond_the_scenario():
    table = inaction_costs(study_summary({"domestic_violence": 50.0, "old_age": -20.0}))
    assert list(table.columns) == list(COLUMNS)
    assert set(table["scenario"]) == {"same", "cheaper"}  # the baseline is not compared with itself
    assert len(table) == 2 * len(AREAS) * len(AREA_ITEMS)
    row = table.set_index(["scenario", "area", "item"]).loc[("cheaper", "domestic_violence",
                                                             "cost_total")]
    assert row["inaction_cost"] == pytest.approx(52.5) == -row["mean_difference"]
    assert row["inaction_low"] < 52.5 < row["inaction_high"]
    assert row["inaction_low"] == pytest.approx(-row["ci_high"])
    assert row["prob_better"] == 1.0  # cheaper in every pair: lower cost is better
    added = table.set_index(["scenario", "area", "item"]).loc[("cheaper", "old_age", "crises")]
    assert added["inaction_cost"] == pytest.approx(-21.0) and added["prob_better"] == 0.0
    same = table[table["scenario"] == "same"]
    assert (same["inaction_cost"] == 0).all() and (same["prob_better"] == 0.5).all()


def test_a_summary_without_area_columns_or_cells_still_gives_a_table():
    assert inaction_costs(pd.DataFrame({"scenario": ["siloed"], "replication": [0]})).empty
    one_cell = study_summary({"addiction": 10.0}).drop(columns="cell")
    assert set(inaction_costs(one_cell)["cell"]) == {"base"}


def test_one_card_per_problem_area_with_a_figure_and_a_line_in_each_language(tmp_path):
    table = inaction_costs(study_summary({"domestic_violence": 50.0, "old_age": -20.0}))
    cards = render(table, tmp_path, lang="pl", scenario="cheaper", weeks=156)
    assert [c.area for c in cards] == list(AREAS)
    assert all(c.figure.exists() and c.figure.stat().st_size > 0 for c in cards)
    by_area = {c.area: c for c in cards}
    violence, old_age = by_area["domestic_violence"], by_area["old_age"]
    assert violence.text_en.startswith("Domestic violence: siloed work costs 52.5 PLN more over "
                                       "156 weeks than cheaper")
    assert violence.text_pl.startswith("Przemoc domowa: praca w silosach kosztuje w ciągu 156 "
                                       "tygodni o 52,5 zł więcej niż cheaper")
    assert old_age.text_en.startswith("Old age and care of seniors: cheaper costs 21.0 PLN more")
    assert "cost the same" in by_area["addiction"].text_en
    report = blocks(cards, "en")
    assert report[0][0] == "h2" and [b[0] for b in report[1:4]] == ["img", "p", "img"]
    assert report[2][1] == violence.text_en  # the report's language only
    assert blocks(cards, "pl")[2][1] == violence.text_pl
    assert render(table, tmp_path, scenario="absent") == [] and blocks([]) == []
