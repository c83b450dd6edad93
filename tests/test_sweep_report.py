"""The sweep report for researchers, and runs shared by a sweep's jobs (tiny sweeps)."""

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.analysis.sweep import ordered
from sim.api import run
from sim.configure import compose_config
from sim.overrides import apply_overrides
from sim.study.shared import Stored, keep, load
from sim.validation import iter_params

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
SMALL = ["municipality=zawiercie", "weeks=26", "replications=3", "study.families_per_worker=[0]",
         "study.scenarios=[siloed,pzk]"]
SWEPT = {"scenario.pzk.information_sharing": ["0.2", "0.8"],
         "scenario.pzk.meeting_hours_per_month": ["4", "2"]}


def k3d(*args, cwd):
    proc = subprocess.run([*K3D, *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """2 × 2 studies of siloed and PZK, swept over two PZK parameters."""
    root = tmp_path_factory.mktemp("sweep") / "sw"
    proc = k3d("-m", *SMALL, *(f"{k}={','.join(v)}" for k, v in SWEPT.items()),
               f"hydra.sweep.dir={root}", cwd=root.parent)
    return root, proc


def _tables(markdown: str) -> dict[str, pd.DataFrame]:
    """Each '## Against KEY' section's table, as text."""
    out = {}
    for head, body in re.findall(r"^## Against (\S+)\n(.*?)(?=^## |\Z)", markdown, re.M | re.S):
        rows = [line.strip("|").split("|") for line in body.splitlines()
                if line.startswith("|")]
        out[head] = pd.DataFrame([[c.strip() for c in r] for r in rows[2:]],
                                 columns=[c.strip() for c in rows[0]])
    return out


def test_report_has_a_table_and_a_figure_per_swept_parameter(sweep):
    root, _ = sweep
    tables = _tables((root / "sweep_report.md").read_text())
    assert set(tables) == set(SWEPT)
    for key, table in tables.items():
        assert list(table[key].unique()) == sorted(SWEPT[key], key=float)  # numeric order
        png = root / "sweep_figures" / f"{key}.png"
        assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 10_000
        assert f"sweep_figures/{key}.png" in (root / "sweep_report.md").read_text()
    html = (root / "sweep_report.html").read_text()
    assert html.count("data:image/png;base64,") == len(SWEPT)
    files = json.loads((root / "manifest.json").read_text())["files"]
    assert {"sweep_report.md", "sweep_summary.csv", "sweep_comparison.csv"} <= set(files)


def _number(text: str) -> float:
    return float(re.sub(r"[^0-9.+-]", "", text.replace("−", "-")))


def test_report_in_another_language_is_written_beside(sweep):
    """k3d-report SWEEP --lang pl keeps the English report and adds the Polish one."""
    root, _ = sweep
    english = (root / "sweep_report.md").read_text()
    subprocess.run([sys.executable, "-c", "from sim.cli import report_main; report_main()",
                    str(root), "--lang", "pl"], check=True, capture_output=True)
    assert (root / "sweep_report.md").read_text() == english
    polish = (root / "sweep_report.pl.md").read_text()
    assert "sweep_figures.pl/" in polish and "sweep_figures/" not in polish
    assert len(list((root / "sweep_figures.pl").glob("*.png"))) == len(SWEPT)


def test_report_tables_show_the_numbers_of_sweep_comparison(sweep):
    root, _ = sweep
    comparison = pd.read_csv(root / "sweep_comparison.csv", dtype={k: str for k in SWEPT})
    names = {"exits to independence": "exits_to_independence", "crises (all)": "crises_total",
             "total cost (PLN)": "cost_total"}
    for key, table in _tables((root / "sweep_report.md").read_text()).items():
        assert len(table) == 4 * len(names)  # every job × the three main outcomes of PZK
        for row in table.to_dict("records"):
            other = next(k for k in SWEPT if k != key)
            match = comparison[(comparison[key] == row[key]) & (comparison[other] == row[other])
                               & (comparison["scenario"] == "pzk")
                               & (comparison["outcome"] == names[row["outcome"]])]
            assert len(match) == 1
            expected = match.iloc[0]
            tolerance = 0.5 if "PLN" in row["difference"] else 0.006
            assert _number(row["difference"]) == pytest.approx(expected["mean_difference"],
                                                               abs=tolerance)
            lo, hi = (_number(x) for x in row["95% CI"].removeprefix("95% CI ").split(" to "))
            assert (lo, hi) == pytest.approx((expected["ci_low"], expected["ci_high"]),
                                             abs=tolerance)
            assert _number(row["better in"]) == pytest.approx(100 * expected["prob_better"],
                                                              abs=0.5)


def test_siloed_is_simulated_once_and_equals_a_study_computed_afresh(sweep, tmp_path):
    root, proc = sweep
    def reused(scenario):
        return [json.loads(p.read_text())["reused"]
                for p in root.glob(f"*/jobs/base/{scenario}/r*/timing.json")]
    assert len(reused("siloed")) == 4 * 3
    assert sum(reused("siloed")) == 3 * 3  # simulated in the first job only
    assert len(reused("pzk")) == 4 * 3 and not any(reused("pzk"))
    assert proc.stdout.count("3 taken from identical runs of the sweep, 3 of them siloed") == 3
    last = sorted(p for p in root.iterdir() if (p / ".hydra").is_dir())[-1]
    job = [o for o in json.loads((last / "study.json").read_text())["overrides"]]
    k3d(*job, f"hydra.run.dir={tmp_path / 'fresh'}", cwd=tmp_path)
    pd.testing.assert_frame_equal(pd.read_csv(last / "summary.csv"),
                                  pd.read_csv(tmp_path / "fresh" / "summary.csv"))


def test_switched_off_dimensions_parameters_do_nothing():
    """Why the run fingerprint leaves them out: every parameter of the PZK, ZZK and work with
    the client moved to an edge of its range, with the dimensions off, changes no number."""
    base = compose_config(["scenario=siloed", "municipality=zawiercie", "weeks=13"])
    moved = {}
    for key, value, meta in iter_params(base.scenario, "scenario"):
        if key.count(".") == 2 and key.endswith(".enabled") or isinstance(value, (str, list)):
            continue
        if isinstance(value, bool):
            moved[key] = not value
        elif meta.get("hi") is not None and meta["hi"] != value:
            moved[key] = type(value)(meta["hi"])
        elif meta.get("lo") is not None:
            moved[key] = type(value)(meta["lo"])
    assert len(moved) > 30
    pd.testing.assert_frame_equal(run(base).weekly, run(apply_overrides(base, moved)).weekly)


def test_a_damaged_shared_run_is_never_reused_and_is_replaced(tmp_path):
    stored = Stored({"week": np.array([1, 2])}, {"exits": 1}, None, 0.5)
    path = tmp_path / ".runs" / "abc"
    keep(path, stored)
    assert load(path).summary == {"exits": 1}
    (path / "summary.json").write_text('{"exits": 99}')
    assert load(path) is None
    keep(path, stored)
    assert load(path).summary == {"exits": 1}
    assert not list(path.parent.glob(".*tmp*"))


def test_single_run_sweep_orders_values_as_numbers_and_flags_too_few_seeds(tmp_path):
    root = tmp_path / "runs"
    k3d("-m", "scenario=siloed", "municipality=zawiercie", "seed=1,2", "weeks=9,10",
        f"hydra.sweep.dir={root}", cwd=tmp_path)
    table = _tables((root / "sweep_report.md").read_text())["weeks"]
    assert list(table["weeks"].unique()) == ["9", "10"]
    assert set(table["runs"]) == {"2"}
    assert table["95% CI"].str.startswith("no interval: 2 replications").all()
    assert "Open markers: fewer than 3 replications" in (root / "sweep_report.md").read_text()
    outcomes = pd.read_csv(root / "sweep_outcomes.csv")
    assert len(outcomes) == 2 * 3 and (outcomes["n"] == 2).all()


def test_values_sort_as_numbers_or_stay_categories_in_their_order():
    assert ordered(pd.Series(["10", "9", "0.5", "9"])) == ["0.5", "9", "10"]
    assert ordered(pd.Series(["pzk", "siloed", "9"])) == ["pzk", "siloed", "9"]
