"""A study's runs as arrays: each run's weekly columns are its weekly table, written and read
back as that table, and gathered in the order of cell, scenario, replication and week."""

import json

import numpy as np
import pandas as pd

from sim import metrics
from sim.api import run
from sim.model import KooperacjeModel
from sim.study.gather import gather
from sim.study.runner import JOBS_DIR, Outcome
from sim.study.shared import WEEKLY_FILE, read_columns, write_columns


def test_a_runs_weekly_columns_are_its_weekly_table():
    model = KooperacjeModel(weeks=6, seed=3)
    model.run()
    result = run(weeks=6, seed=3)
    pd.testing.assert_frame_equal(result.weekly,
                                  metrics.weekly_frame(model.weekly, seed=3))


def _run(cell: str, scenario: str, replication: int, weeks: int = 3) -> dict[str, np.ndarray]:
    """A run's weekly columns as a study job keeps them, with values telling the runs apart."""
    return {"week": np.arange(weeks), "exits": np.arange(weeks) + 10 * replication,
            "mean_need": np.linspace(0.1, 0.3, weeks) + replication,
            "cell": np.full(weeks, cell, object), "scenario": np.full(weeks, scenario, object),
            "replication": np.full(weeks, replication, np.int64)}


def test_weekly_columns_read_back_are_the_frame_of_their_arrays(tmp_path):
    columns = _run("base", "pzk", 2)
    write_columns(columns, tmp_path / WEEKLY_FILE)
    pd.testing.assert_frame_equal(pd.read_feather(tmp_path / WEEKLY_FILE),
                                  pd.DataFrame(columns))
    back = read_columns(tmp_path / WEEKLY_FILE)
    assert list(back) == list(columns)
    for name, values in columns.items():
        assert back[name].dtype == values.dtype and np.array_equal(back[name], values), name


def test_gathered_runs_are_sorted_as_a_sort_of_all_their_rows(tmp_path):
    """Runs finished in any order, some stored by an earlier session: the table is what sorting
    every row by cell, scenario, replication and week gives."""
    made = [(cell, scenario, r) for cell in ("families_per_worker=50", "base")
            for scenario in ("siloed", "pzk") for r in (1, 0, 2)]
    keys = [f"{cell}/{scenario}/r{r:04d}" for cell, scenario, r in made]
    fresh, stored = {}, []
    for key, (cell, scenario, r) in zip(keys, made):
        summary = {"cell": cell, "replication": r, "exits": r, "scenario": scenario}
        if r == 2:  # from an earlier session: read from its folder
            folder = tmp_path / JOBS_DIR / key
            folder.mkdir(parents=True)
            write_columns(_run(cell, scenario, r), folder / WEEKLY_FILE)
            (folder / "summary.json").write_text(json.dumps(summary))
            stored.append(key)
        else:
            fresh[key] = Outcome(key, True, weekly=_run(cell, scenario, r), summary=summary)
    (tmp_path / "study.json").write_text(json.dumps({"jobs": keys}))
    runs, summary = gather(tmp_path, fresh, checked=set(stored))
    every_row = pd.concat([pd.DataFrame(_run(*m)) for m in made], ignore_index=True)
    expected = every_row.sort_values(["cell", "scenario", "replication", "week"], kind="stable",
                                     ignore_index=True)
    pd.testing.assert_frame_equal(runs, expected)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "runs.parquet"), expected)
    assert list(summary["cell"] + summary["scenario"] + summary["replication"].astype(str)) == [
        f"{c}{s}{r}" for c, s, r in sorted(made)]
