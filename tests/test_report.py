"""The study report: its first screen answers in plain language, in correct Polish and English."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.report.answer import horizon_turn, verdict
from sim.report.front import _horizon_note, effect

BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
SCENARIOS = ("siloed", "pzk", "kooperacje_3d")
# English words that leaked into Polish reports (issue 11), as whole words
ENGLISH = ("assumption", "siloed", "scenario", "default", "better in", "outcome", "difference",
           "baseline", "n/a", "package", "version", "parameter", "weeks", "families")


def _rows(**outcomes) -> pd.DataFrame:
    """Comparison rows of one scenario: outcome -> (mean, low, high, prob_better, n)."""
    return pd.DataFrame([{"outcome": o, "mean_difference": m, "ci_low": lo, "ci_high": hi,
                          "prob_better": pb, "n_pairs": n,
                          "distinguishable": n > 1 and (lo > 0 or hi < 0)}
                         for o, (m, lo, hi, pb, n) in outcomes.items()]).set_index("outcome")


# --- the verdict and how an effect is written ---------------------------------------------------
def test_verdict_words_the_intervals_and_prob_better():
    helps = _rows(exits_to_independence=(71, 64, 78, 0.98, 50),
                  crises_total=(-35, -39, -31, 0.95, 50))
    assert verdict(helps) == "helps"
    unclear = _rows(exits_to_independence=(-4.1, -11.8, 3.6, 0.43, 50),
                    crises_total=(-1, -5, 3, 0.55, 50))
    assert verdict(unclear) == "unclear"
    likely = _rows(exits_to_independence=(5, -1, 11, 0.86, 50), crises_total=(-2, -5, 1, 0.8, 50))
    assert verdict(likely) == "probably"
    worse = _rows(exits_to_independence=(-67, -75, -60, 0.02, 50),
                  crises_total=(3, 1.7, 4.3, 0.23, 50))
    assert verdict(worse) == "worse"
    partly = _rows(exits_to_independence=(-67, -75, -60, 0.02, 50),
                   crises_total=(1, -2, 4, 0.4, 50))
    assert verdict(partly) == "partly_worse"
    mixed = _rows(exits_to_independence=(10, 5, 15, 0.9, 50), crises_total=(3, 1, 5, 0.2, 50))
    assert verdict(mixed) == "mixed"
    few = _rows(exits_to_independence=(1, 1, 1, 1.0, 2), crises_total=(0, 0, 0, 0.5, 2))
    assert verdict(few) == "unknown"


def test_an_interval_from_two_replications_is_flagged_never_zero_width():
    row = {"mean_difference": 1.0, "ci_low": 1.0, "ci_high": 1.0, "n_pairs": 2}
    diff, ci = effect("en", row)
    assert diff == "+1" and "2 replications, at least 3 needed" in ci
    assert "1.00 to 1.00" not in ci
    assert "2 powtórzenia, potrzeba co najmniej 3" in effect("pl", row)[1]


def test_an_effect_and_its_interval_share_signs_and_precision():
    row = {"mean_difference": -35.4, "ci_low": -39.43, "ci_high": -30.91, "n_pairs": 50}
    assert effect("en", row) == ("-35.4", "95% CI -39.4 to -30.9")
    assert effect("pl", row) == ("-35,4", "95% PU od -39,4 do -30,9")
    cost = {"mean_difference": 749198.3, "ci_low": -10678.2, "ci_high": 1162827, "n_pairs": 50}
    assert effect("pl", cost, in_money=True) == (
        "+749\u00a0198\u00a0zł", "95% PU od -10\u00a0678\u00a0zł do +1\u00a0162\u00a0827\u00a0zł")


def _weekly_costs(weeks: int = 156, reps: int = 4) -> pd.DataFrame:
    """Coordination costs 2,000 zł a week from week 1; crisis savings grow from week 40."""
    rows = []
    for r in range(reps):
        for week in range(1, weeks + 1):
            saving = 60 * max(0, week - 40)
            for scenario, coordination, crises in (("siloed", 0, 10_000),
                                                   ("pzk", 2_000, 10_000 - saving)):
                rows.append({"cell": "base", "scenario": scenario, "replication": r,
                             "week": week, "cost_coordination": coordination,
                             "cost_crises": crises, "cost_services": 5_000,
                             "cost_total": coordination + crises + 5_000})
    return pd.DataFrame(rows)


def test_the_horizon_note_explains_a_cost_that_turns():
    runs = _weekly_costs()
    turn = horizon_turn(runs, "siloed", "pzk", 156)
    assert turn["early"]["cost_total"] > 0 > turn["late"]["cost_total"]
    np.testing.assert_allclose(turn["early"]["cost_coordination"], 52 * 2_000)
    text = _horizon_note(turn, "pzk", "en")
    assert "depends on the horizon" in text and "after 52 weeks" in text
    assert "+104,000\u00a0PLN" in text  # coordination paid by week 52
    assert "po 52 tygodniach" in _horizon_note(turn, "pzk", "pl")
    assert horizon_turn(runs, "siloed", "pzk", 80) is None  # under two years: no note
    flat = runs.assign(cost_total=runs["cost_coordination"] + 15_000)
    assert horizon_turn(flat, "siloed", "pzk", 156) is None  # the sign never turns


# --- a real small study -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """Three scenarios at two caseloads, in Polish, 3 replications of 26 weeks."""
    root = tmp_path_factory.mktemp("report") / "run"
    proc = subprocess.run(
        [BIN / "k3d", "replications=3", "weeks=26", "lang=pl", "jobs=2",
         f"study.scenarios=[{','.join(SCENARIOS)}]", f"hydra.run.dir={root}"],
        cwd=root.parent, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return root


def _first_screen(text: str, next_heading: str) -> str:
    return text.split(f"## {next_heading}")[0]


def test_the_first_screen_gives_the_answer_its_uncertainty_and_the_caveat(study):
    head = _first_screen((study / "report.md").read_text(), "Podsumowanie")
    assert "## Odpowiedź w skrócie" in head
    for name in ("**PZK** — ", "**Kooperacje 3D** — "):  # display names, not pzk/kooperacje_3d
        assert name in head
    assert "kooperacje_3d" not in head and "siloed" not in head
    assert re.search(r"95% PU od [-+]?[\d\u00a0,]+ do [-+]?[\d\u00a0,]+", head)
    assert re.search(r"lepiej niż „bez współpracy” w \d+% powtórzeń", head)
    assert "Wielkości korzyści są założeniami" in head
    assert "po 3 powtórzenia na scenariusz" in head  # not "po 3 powtórzeń"
    assert "zależy najbardziej" not in head  # PRCC over 22 drawn parameters from 3 runs: none


def test_a_polish_report_has_no_english_words_or_english_number_formats(study):
    text = (study / "report.md").read_text()
    prose = text.split("## Odtworzenie")[0]  # the configuration below quotes YAML and code
    # decision-relevant words; parameter keys, code names and file names in backticks excepted
    words = re.sub(r"`[^`]*`|\b\w+(\.\w+)+\b|\b\w+=\S+|\w+\.(csv|parquet)|Troubled Families",
                   "", prose)
    for english in ENGLISH:
        assert not re.search(rf"\b{re.escape(english)}\b", words, re.IGNORECASE), english
    assert not re.search(r"\d\.\d", words), "a decimal point in Polish prose"
    # Polish shows three decimals only below 1 ("0,500"); "1,363" would be English thousands
    assert not re.search(r"\d,\d{3}(?!\d)", words.replace("0,", "")), "English thousands"
    params = text.split("## Parametry, jednostki i źródła")[1]
    assert re.search(r"\|\s*założenie\s*\|", params)
    assert not re.search(r"\|\s*assumption\s*\|", params)
    assert re.search(r"\n\|\s*parametr\s*\|\s*wartość\s*\|\s*jednostka\s*\|\s*przedział\s*\|"
                     r"\s*źródło\s*\|", params)


def test_report_in_another_language_is_written_alongside(study, tmp_path):
    polish = (study / "report.md").read_bytes()
    proc = subprocess.run([BIN / "k3d-report", str(study), "--lang", "en"], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert (study / "report.md").read_bytes() == polish  # the Polish report is untouched
    english = (study / "report.en.md").read_text()
    assert "## The answer in brief" in english and (study / "report.en.html").exists()
    assert sorted(p.name for p in (study / "figures.en").glob("*.png")) == \
        sorted(p.name for p in (study / "figures").glob("*.png"))
    assert "](figures.en/forest.png)" in english
    reproduce = english.split("## Reproduce")[1]
    assert "lang=en" in reproduce and "lang=pl" not in reproduce
    head = _first_screen(english, "Summary")
    assert "better than siloed in" in head and "at least 3" not in head
    assert "Benefit sizes are assumptions" in head


# --- the page in a browser ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (README: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                     args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.mark.parametrize(("lang", "name", "next_heading"),
                         [("pl", "report.html", "Podsumowanie"),
                          ("en", "report.en.html", "Summary")])
def test_first_screen_in_a_browser(study, chromium, lang, name, next_heading):
    """At 1366×768 the answer and the caveat are on the first screen, and no table makes the
    page wider than the window (the parameter table once made it 2,630 px wide)."""
    if not (study / name).exists():
        subprocess.run([BIN / "k3d-report", str(study), "--lang", lang], check=True)
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    page.goto((study / name).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for selector in ("ul.answer", "p.note"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] + box["height"] <= 768, f"{selector} below the fold"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"report_first_screen_{lang}.png")
    page.close()


def test_every_plausible_range_has_its_reasoning_in_polish():
    from sim.report import priors_pl
    from sim.uncertainty import PRIORS

    assert set(priors_pl.REASONS) == set(PRIORS)


def test_a_verdict_that_holds_for_one_outcome_says_which():
    from sim.report.front import verdict_text

    rows = _rows(exits_to_independence=(-4.1, -11.8, 3.6, 0.43, 50),
                 crises_total=(-8, -12, -4, 0.9, 50))
    assert verdict(rows) == "partly"
    assert verdict_text("en", rows) == "helps on crises, no clear effect on exits to independence"
    assert verdict_text("pl", rows) == "pomaga (kryzysy), bez wyraźnego efektu (usamodzielnienia)"


def test_the_reproduce_line_says_the_report_language():
    from sim.report.document import command

    study = {"command": "k3d replications=3 weeks=8", "lang": "en"}
    assert command(study, "en") == "k3d replications=3 weeks=8"
    assert command(study, "pl") == "k3d replications=3 weeks=8 lang=pl"
    named = {"command": "k3d lang=pl replications=3", "lang": "pl"}
    assert command(named, "en") == "k3d lang=en replications=3"
