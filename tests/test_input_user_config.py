"""The user's own configuration: --config-dir / -cd, --config-name, -c job, hydra.searchpath;
a user's preset is usable by name and checked like ours (file and line in every message)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
MYTOWN = "name: mytown\npopulation: 20000\ninitial_families: 90\nsocial_workers: 4\n"


def k3d(*args, cwd):
    return subprocess.run([*K3D, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def user_dir(tmp_path) -> Path:
    folder = tmp_path / "mine"
    (folder / "municipality").mkdir(parents=True)
    (folder / "municipality" / "mytown.yaml").write_text(MYTOWN)
    (folder / "job.yaml").write_text("defaults:\n  - config\n  - _self_\nweeks: 3\nseed: 11\n")
    return folder


@pytest.mark.parametrize("how", ["--config-dir={d}", "-cd {d}", "hydra.searchpath=[file://{d}]"])
def test_a_users_municipality_preset_is_used_by_name(tmp_path, user_dir, how):
    out = tmp_path / "out"
    proc = k3d(*how.format(d=user_dir).split(), "municipality=mytown", "scenario=siloed",
               "weeks=2", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["municipality"] == "mytown"
    assert "social_workers: 4" in json.loads((out / "manifest.json").read_text())["config"]


def test_a_study_composes_every_cell_with_the_users_preset(tmp_path, user_dir):
    out = tmp_path / "study"
    proc = k3d("-cd", str(user_dir), "municipality=mytown", "replications=1", "weeks=2",
               "jobs=1", "study.scenarios=[siloed,pzk]", "study.families_per_worker=[0,30]",
               f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    study = json.loads((out / "study.json").read_text())
    assert study["municipality"] == "mytown"
    assert study["workers"] == {"families_per_worker=22": 4, "families_per_worker=30": 3}


def test_a_users_primary_config_by_name_and_cfg_job(tmp_path, user_dir):
    out = tmp_path / "out"
    proc = k3d("--config-dir", str(user_dir), "--config-name", "job", "scenario=pzk",
               f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["weeks"], summary["seed"]) == (3, 11)
    shown = k3d("-cd", str(user_dir), "-cn", "job", "-c", "job", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "weeks: 3" in shown.stdout and "seed: 11" in shown.stdout


def test_a_missing_config_dir_is_one_line(tmp_path):
    proc = k3d("--config-dir", str(tmp_path / "nope"), "scenario=siloed", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "does not exist; allowed: a folder" in proc.stderr


@pytest.mark.parametrize("text, expected", [
    ("", "mytown.yaml: holds no settings; allowed: a mapping of municipality keys, at least name"),
    ("# only a comment\n", "holds no settings"),
    ("population: 2000\n", "mytown.yaml: missing name; allowed"),
    ("name: m\nsocial_workerz: 3\n", "mytown.yaml, line 2: social_workerz: Key 'social_workerz'"
     " not in 'MunicipalityConfig'; allowed: one of name, population"),
    ("name: m\npopulation: lots\n", "mytown.yaml, line 2: population: Value 'lots'"),
    ("name: m\ninstitutions:\n  health: {count: 2, capacity: x}\n",
     "mytown.yaml, line 3: institutions.health.capacity"),
    ("name: m\nsocial_workers: -4\n", "mytown.yaml, line 2: municipality.social_workers=-4 is "
     "not allowed; allowed: a number in [1, 100000]"),
    ("name: m\npopulation: [1000\nsocial_workers: 3\n", "mytown.yaml, line 3: YAML syntax error"),
])
def test_a_bad_user_preset_names_file_and_line(tmp_path, user_dir, text, expected):
    (user_dir / "municipality" / "mytown.yaml").write_text(text)
    out = tmp_path / "out"
    proc = k3d("-cd", str(user_dir), "municipality=mytown", "scenario=siloed",
               f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in proc.stderr, lines
    assert not out.exists()


def test_a_user_file_with_the_name_of_our_preset_is_refused_clearly(tmp_path, user_dir):
    (user_dir / "municipality" / "rybnik.yaml").write_text(MYTOWN)
    proc = k3d("-cd", str(user_dir), "municipality=rybnik", "scenario=siloed", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "rybnik.yaml has the name of the preset" in lines[0]
    assert "which Hydra would use instead; allowed: another file name" in lines[0]


def test_a_preset_edited_after_a_composition_is_read_again(user_dir):
    """A long-lived process (the dashboard, a notebook) composes again after the user edits a
    preset: the composition kept for the same choice of presets is not reused."""
    from sim.configure import SOURCES, compose_config, use_sources

    kept = (list(SOURCES.dirs), SOURCES.name)
    try:
        use_sources([user_dir])
        assert compose_config(["municipality=mytown"]).municipality.social_workers == 4
        (user_dir / "municipality" / "mytown.yaml").write_text(
            MYTOWN.replace("social_workers: 4", "social_workers: 7"))
        assert compose_config(["municipality=mytown"]).municipality.social_workers == 7
    finally:
        use_sources(*kept)
