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
