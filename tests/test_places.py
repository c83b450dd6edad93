"""Municipalities derived from population (the presets' rules) and the roll-out projection."""

import glob
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import sim
from sim.analysis.rollout import projection
from sim.places import as_overrides, derive, place_types, regions, type_town

PRESETS = sorted(glob.glob(str(Path(__file__).parents[1] / "configs/municipality/*.yaml")))


@pytest.mark.parametrize("path", [p for p in PRESETS if not p.endswith("default.yaml")])
def test_derivation_reproduces_every_preset_from_its_population_and_share(path):
    preset = yaml.safe_load(Path(path).read_text())
    share = float(re.search(r"x ([\d.]+)% in assistance", Path(path).read_text()).group(1)) / 100
    town, how = derive(preset["name"], preset["population"], share)
    for key in ("initial_families", "social_workers", "family_assistants"):
        assert getattr(town, key) == preset[key], key
        assert how[key].startswith("derived")
    for sector, group in preset["institutions"].items():
        assert (town.institutions[sector].count, town.institutions[sector].capacity) == (
            group["count"], group["capacity"]), sector


def test_given_figures_are_kept_and_a_small_rural_gmina_keeps_the_statutory_minimum():
    town, how = derive("x", 4_000, urban=False, social_workers=2)
    assert town.social_workers == 2 and how["social_workers"] == "given"
    assert town.initial_families == round(4_000 * 0.039 / 2.2)
    small, _ = derive("y", 4_000, urban=False)
    assert small.social_workers == 3  # 1 per 2,000 would be 2; art. 110 says at least 3
    assert all(g.count >= 1 and g.capacity >= 1 for g in small.institutions.values())
    result = sim.run(weeks=4, **as_overrides(small))
    assert result.summary["municipality"] == "y"


def test_every_region_has_types_whose_population_adds_up():
    assert {"poland", "slaskie", "malopolskie", "lodzkie", "opolskie"} <= set(regions())
    kinds = place_types("opolskie")
    assert sum(k.count for k in kinds) == 71
    assert sum(k.count * k.population for k in kinds) == pytest.approx(936_725, rel=0.01)
    assert type_town("opolskie", kinds[-1]).initial_families > 0


def test_projection_weights_each_type_by_its_count_and_pairs_replications():
    rows = []
    rng = np.random.default_rng(1)
    for r in range(40):
        for cell, gain in (("urban", 10.0), ("rural", 2.0)):
            base = 100 + rng.normal()
            rows += [{"cell": cell, "replication": r, "scenario": "siloed",
                      "exits_to_independence": base, "cost_total": 1000.0},
                     {"cell": cell, "replication": r, "scenario": "k3d",
                      "exits_to_independence": base + gain, "cost_total": 1100.0}]
    total, by_type = projection(pd.DataFrame(rows), {"urban": 3, "rural": 10}, "siloed")
    exits = total.set_index("outcome").loc["exits_to_independence"]
    assert exits["difference"] == pytest.approx(3 * 10 + 10 * 2)
    assert exits["low"] == pytest.approx(50) and exits["replications"] == 40
    assert exits["baseline_total"] == pytest.approx(13 * 100, rel=0.01)
    shares = by_type[by_type["outcome"] == "exits_to_independence"].set_index("type")
    assert shares.loc["urban", "share_of_difference"] == pytest.approx(0.6)
    cost = total.set_index("outcome").loc["cost_per_exit"]
    assert cost["difference"] == pytest.approx(13 * 1100 / (13 * 100 + 50) - 13 * 1000 / 1300,
                                               rel=0.01)


def test_k3d_municipality_writes_a_preset_that_k3d_runs_from_the_users_folder(tmp_path):
    import json
    import subprocess
    import sys

    from sim.municipality_cli import main

    path = tmp_path / "my" / "municipality" / "gmina_x.yaml"
    main(["new", str(path), "--population", "80000", "--persons-in-assistance", "2900",
          "--social-workers", "36"])
    text = path.read_text()
    preset = yaml.safe_load(text)
    assert preset["initial_families"] == round(2900 / 2.2) and preset["social_workers"] == 36
    assert "# social_workers: given" in text and "# family_assistants: derived" in text
    k3d = str(Path(sys.executable).parent / "k3d")
    proc = subprocess.run([k3d, "--config-dir", str(tmp_path / "my"), "municipality=gmina_x",
                           "scenario=siloed", "weeks=4", f"hydra.run.dir={tmp_path / 'run'}"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["municipality"] == "gmina_x"
    with pytest.raises(SystemExit) as refused:
        main(["new", str(path), "--population", "80000"])  # exists: not overwritten silently
    assert "add --force" in str(refused.value)
