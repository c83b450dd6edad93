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
    assert "# initial_families: derived: 2,900 persons in assistance (given)" in text
    assert preset["given"] == ["population", "initial_families", "social_workers"]
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


def test_a_population_set_alone_rescales_what_each_preset_derived_and_its_own_changes_nothing():
    from sim.configure import check_jobs

    names = [Path(p).stem for p in PRESETS]
    populations = {n: yaml.safe_load(Path(p).read_text()).get("population", 50_000)
                   for n, p in zip(names, PRESETS)}
    jobs = [[f"municipality={n}", *extra] for n in names
            for extra in ([], [f"municipality.population={populations[n]}"],
                          ["municipality.population=80000"])]
    configs = iter(check_jobs(jobs))
    for name in names:
        preset, same, bigger = (next(configs).municipality for _ in range(3))
        assert same == preset, name
        assert bigger.population == 80_000
        assert bigger.initial_families == round(preset.initial_families * 80_000
                                                / preset.population), name
        assert bigger.social_workers == 80_000 // 2_000  # the statutory norm
        assert bigger.family_assistants == round(5 * bigger.initial_families / 680), name


def test_figures_set_on_the_command_line_or_given_by_the_preset_stay_when_the_population_changes(
        tmp_path):
    from sim.configure import InputError, compose_config, use_sources
    from sim.municipality_cli import main
    from sim.validation import provenance_rows

    overrides = ["municipality=rybnik", "municipality.population=80000",
                 "municipality.social_workers=30", "municipality.institutions.health.count=9"]
    town = compose_config(overrides).municipality
    assert (town.social_workers, town.institutions["health"].count) == (30, 9)
    assert town.initial_families == round(1428 * 80_000 / 130_887)
    assert town.institutions["health"].capacity != 74  # the other half of the sector follows
    model = compose_config(overrides).model()
    rows = {r["parameter"]: r for r in provenance_rows(model, overrides)}
    assert rows["municipality.social_workers"]["origin"] == "command line"
    families = rows["municipality.initial_families"]
    assert families["origin"] == "derived" and "80,000 inhabitants" in families["source"]
    assert rows["municipality.institutions.health.capacity"]["origin"] == "derived"
    assert rows["behaviour.families.inflow_per_1000"]["origin"] == "default"
    assert "80\xa0000 mieszkańców" in families["source (pl)"]  # Polish digits and words
    from sim.report.document import parameter_table

    polish = parameter_table(list(rows.values()), "pl")
    town_rows = polish[polish.iloc[:, 0].str.startswith("municipality.")]
    said = " ".join(town_rows.iloc[:, 4])
    assert "derived" not in said and "command line" not in said and "wyliczona" in said
    assert "source (pl)" not in polish and "source (pl)" not in parameter_table(
        list(rows.values()), "en")

    path = tmp_path / "municipality" / "gmina_x.yaml"
    main(["new", str(path), "--population", "80000", "--persons-in-assistance", "2900",
          "--social-workers", "36"])
    use_sources([tmp_path])
    try:
        town = compose_config(["municipality=gmina_x", "municipality.population=100000"])
    finally:
        use_sources([])
    town = town.municipality
    assert (town.initial_families, town.social_workers) == (round(2900 / 2.2), 36)  # given
    assert town.family_assistants == round(5 * town.initial_families / 680)
    with pytest.raises(InputError, match=r"^municipality.population=500 is not allowed; "
                       r"allowed: a number in \[1000"):
        compose_config(["municipality.population=500"])


def test_derive_takes_persons_in_assistance_and_those_families_are_given():
    town, how = derive("x", 80_000, persons_in_assistance=2_900, social_workers=36)
    assert town.initial_families == round(2_900 / 2.2)
    assert how["initial_families"].startswith("derived: 2,900 persons in assistance (given)")
    assert town.given == ["population", "initial_families", "social_workers"]
    assert derive("y", 80_000)[0].given == ["population"]
