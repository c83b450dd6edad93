"""The k3d command: runs write their tables; bad input is one line, exit status 2, no run."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]


def k3d(*args, cwd):
    return subprocess.run([*K3D, *args], cwd=cwd, capture_output=True, text=True)


def test_scenario_run_writes_tables_and_summary(tmp_path):
    out = tmp_path / "run"
    proc = k3d("scenario=pzk_zzk", "weeks=8", "seed=7", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "pzk_zzk" and summary["seed"] == 7 and summary["weeks"] == 8
    for name in ("weekly", "families", "referrals", "crises", "movements"):
        assert (out / f"{name}.parquet").exists()
    assert len(pd.read_parquet(out / "weekly.parquet")) == 8
    params = pd.read_csv(out / "parameters.csv", keep_default_na=False)
    assert (params["source"] != "").all() and len(params) > 100
    assert "wall time" in proc.stdout


@pytest.mark.parametrize("args, expected", [
    (["scenario=nonsense"],
     "scenario='nonsense' is not known; allowed: costs_only, kooperacje_3d, pzk"),
    (["municipality=atlantis"], "municipality='atlantis' is not known; allowed: bedzin, default"),
    (["scenari=pzk"], "unknown key 'scenari' (did you mean 'scenario'?)"),
    (["scenario.pzk.information_sharing=1.5"], "scenario.pzk.information_sharing=1.5"),
    (["weeks=-3"], "weeks=-3 is not allowed; allowed: a number in [1, 5200]"),
    (["weeks=abc"], "could not be converted to Integer"),
    (["uncertainty=maybe"], "uncertainty='maybe' is not allowed; allowed: one of full, chance"),
    (["behaviour.needs.drift.poverty=0.1"], "unknown key 'behaviour.needs.drift.poverty'"),
])
def test_bad_input_gives_one_line_and_exit_status_2(tmp_path, args, expected):
    proc = k3d(*args, f"hydra.run.dir={tmp_path / 'never'}", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert not Path(tmp_path / "never").exists()


def test_a_single_run_into_a_finished_folder_of_another_run_recomputes(tmp_path):
    """Reused only when configuration and model match; otherwise replaced, never kept stale."""
    out = tmp_path / "run"
    first = k3d("scenario=siloed", "weeks=4", "seed=1", f"hydra.run.dir={out}", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    again = k3d("scenario=siloed", "weeks=4", "seed=1", f"hydra.run.dir={out}", cwd=tmp_path)
    assert "already complete, skipping" in again.stdout
    other = k3d("scenario=pzk", "weeks=5", "seed=2", f"hydra.run.dir={out}", cwd=tmp_path)
    assert other.returncode == 0, other.stderr
    assert "another configuration" in other.stderr and "skipping" not in other.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["scenario"], summary["weeks"], summary["seed"]) == ("pzk", 5, 2)
    assert len(pd.read_parquet(out / "weekly.parquet")) == 5


@pytest.mark.parametrize("args", [
    ("++study.grid={municipality.social_workers:['-3','10']}", "study.families_per_worker=[0]"),
    ("++study.grid={municipality.social_workers:[abc]}", "study.families_per_worker=[0]"),
    ("+experiment=validate", "study.municipalities=[atlantis]"),
    ("+experiment=pilot", "study.pilot.families_per_site=[5,-3]"),
    ("+experiment=pilot", "study.pilot.families_per_site=[]"),
    ("+experiment=sensitivity", "study.sensitivity.outcomes=[nope]"),
    ("+experiment=sensitivity",
     "++study.sensitivity.parameters={scenario.pzk.information_sharing:[0.9,0.1]}"),
    ("+experiment=sensitivity",
     "++study.sensitivity.parameters={scenario.pzk.information_sharing:[0.1,1.5]}"),
])
def test_bad_study_input_is_refused_before_anything_runs(tmp_path, args):
    out = tmp_path / "out"
    proc = k3d(*args, "weeks=3", "replications=1", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert "\n" not in line and "allowed" in line and "Traceback" not in line
    assert not out.exists()


def test_population_alone_rescales_the_run_and_parameters_csv_says_where_each_figure_came_from(
        tmp_path):
    out = tmp_path / "run"
    proc = k3d("scenario=siloed", "municipality.population=80000", "weeks=2",
               f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "municipality.population=80000: initial_families=1088, social_workers=40" in (
        proc.stdout)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["active_families"] > 1000  # the default city's 680 families would stay ~690
    params = pd.read_csv(out / "parameters.csv", keep_default_na=False).set_index("parameter")
    assert params.loc["municipality.population", "origin"] == "command line"
    families = params.loc["municipality.initial_families"]
    assert (families["value"], families["origin"]) == ("1088", "derived")
    assert families["source"].startswith("derived: 80,000 inhabitants x 2.99% in assistance")
    assert params.loc["seed", "origin"] == "default"


def _help(argv, monkeypatch, capsys) -> str:
    from sim.cli import main

    monkeypatch.setattr(sys, "argv", ["k3d", *argv])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_fits_a_screen_with_the_four_uses_the_groups_and_where_to_look_next(monkeypatch,
                                                                               capsys):
    text = _help(["--help"], monkeypatch, capsys)
    assert len(text.strip().splitlines()) <= 45 and "powered by Hydra" not in text
    for use in ("\n  k3d   ", "k3d scenario=pzk_zzk", "naming scenario= runs it",
                "instead of the study", "k3d +experiment=caseload", "k3d -m scenario=siloed,pzk"):
        assert use in text, use
    assert "scenario: costs_only, kooperacje_3d," in text
    assert "municipality: bedzin, default," in text and "experiment: calibrate," in text
    for key in ("replications", "weeks", "seed", "lang", "jobs", "uncertainty",
                "study.families_per_worker", "municipality.population"):
        assert f"\n  {key} " in text or f"{key}=N" in text, key
    for pointer in ("k3d-params", "k3d --cfg job", 'eval "$(k3d --shell-completion install=bash)"'):
        assert pointer in text, pointer
    assert "(now 7)" in _help(["replications=7", "--help"], monkeypatch, capsys)


def test_bash_completion_installs_and_completes_scenario(tmp_path):
    script = f"""
export PATH="{Path(sys.executable).parent}:$PATH"
eval "$(k3d --shell-completion install=bash)"
COMP_LINE="k3d scen"; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=(k3d scen); COMP_CWORD=1
hydra_bash_completion
echo "${{COMPREPLY[*]}}"
"""
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "scenario=" in proc.stdout.split(), proc.stdout


def test_k3d_params_md_without_a_file_prints_markdown_only(tmp_path, monkeypatch, capsys):
    from sim.params_cli import main

    monkeypatch.chdir(tmp_path)
    main(["--md", "municipality.population=80000"])
    lines = capsys.readouterr().out.splitlines()
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    assert rows[0][:6] == ["parameter", "value", "unit", "range", "source", "origin"]
    assert all(line.startswith("|") for line in lines)
    assert ["municipality.initial_families", "1088", "families"] in [r[:3] for r in rows]
    assert list(tmp_path.iterdir()) == []
    main(["--md", "params.md"])
    said = capsys.readouterr().out.splitlines()
    assert len(said) == 1 and said[0].startswith("k3d-params: wrote ") and "params.md" in said[0]
    header = (tmp_path / "params.md").read_text().splitlines()[0]
    assert [cell.strip() for cell in header.strip("|").split("|")] == rows[0]
