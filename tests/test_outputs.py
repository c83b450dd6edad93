"""Every output folder is sealed (checksums, manifest.json), verified before reuse, and named
safely: nothing stale or damaged is reused or gathered, nothing lands outside the folder."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from sim.manifest import verified

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
REPORT = [sys.executable, "-c", "from sim.cli import report_main; report_main()"]
REPO = Path(__file__).resolve().parent.parent


def k3d(*args, cwd, cmd=K3D):
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_a_single_run_has_a_manifest_that_reproduces_it(tmp_path):
    out = tmp_path / "run"
    proc = k3d("scenario=pzk", "weeks=4", "seed=7", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    manifest = _manifest(out)
    status = json.loads((out / "status.json").read_text())
    assert manifest["config_hash"] == status["fingerprint"] and manifest["seeds"] == [7]
    assert {"python", "numpy", "pandas", "mesa", "hydra-core"} <= set(manifest["versions"])
    assert manifest["package"] == manifest["versions"]["kooperacje3d"]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    assert manifest["git_commit"] == head.stdout.strip()
    assert "weeks: 4" in manifest["config"] and "name: pzk" in manifest["config"]
    assert {"weekly.parquet", "summary.json", "parameters.csv"} <= set(manifest["files"])
    assert manifest["files"] == json.loads((out / "checksums.json").read_text())
    assert verified(out)


def test_a_truncated_table_in_a_single_run_is_computed_again(tmp_path):
    out = tmp_path / "run"
    args = ("scenario=siloed", "weeks=4", "seed=3", f"hydra.run.dir={out}")
    assert k3d(*args, cwd=tmp_path).returncode == 0
    crises = out / "crises.parquet"
    whole = crises.read_bytes()
    crises.write_bytes(whole[:40])
    proc = k3d(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "skipping" not in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "no longer match their checksums" in lines[0]
    assert crises.read_bytes() == whole and verified(out)
    again = k3d(*args, cwd=tmp_path)
    assert "already complete, skipping" in again.stdout


def test_sweep_values_with_slashes_stay_inside_the_sweep_and_are_gathered(tmp_path):
    sweep = tmp_path / "a" / "sweep"
    proc = k3d("-m", "scenario=siloed", "weeks=2", "municipality.name=../../x,ok,/tmp/abs",
               f"hydra.sweep.dir={sweep}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["sweep"]
    assert not Path("/tmp/abs").exists() or not any(Path("/tmp/abs").glob("*/summary.json"))
    jobs = [p for p in sweep.iterdir() if (p / ".hydra").is_dir()]
    assert len(jobs) == 3 and all("/" not in p.name and ".." != p.name for p in jobs)
    table = pd.read_csv(sweep / "sweep_summary.csv")
    assert sorted(table["municipality"]) == ["../../x", "/tmp/abs", "ok"]


def test_a_damaged_sweep_job_is_reported_never_gathered_and_recomputed(tmp_path):
    sweep = tmp_path / "sweep"
    args = ("-m", "scenario=siloed", "seed=1,2", "weeks=3", f"hydra.sweep.dir={sweep}")
    first = k3d(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    manifest = _manifest(sweep)
    assert manifest["seeds"] == [1, 2] and len(manifest["jobs"]) == 2
    assert "sweep_summary.csv" in manifest["files"] and verified(sweep)
    job = sweep / "scenario=siloed,seed=2,weeks=3"
    (job / "summary.json").write_text("{")  # truncated
    report = k3d(str(sweep), cwd=tmp_path, cmd=REPORT)
    assert report.returncode == 1
    assert "job scenario=siloed,seed=2,weeks=3 failed: its files no longer match" in report.stderr
    assert list(pd.read_csv(sweep / "sweep_summary.csv")["seed"]) == [1]
    rerun = k3d(*args, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "no longer match their checksums" in rerun.stderr
    assert list(pd.read_csv(sweep / "sweep_summary.csv")["seed"]) == [1, 2]


def test_a_sweep_without_any_gathered_job_leaves_no_old_summary(tmp_path):
    sweep = tmp_path / "sweep"
    assert k3d("-m", "scenario=siloed", "seed=1", "weeks=2", f"hydra.sweep.dir={sweep}",
               cwd=tmp_path).returncode == 0
    (sweep / "scenario=siloed,seed=1,weeks=2" / "weekly.parquet").write_bytes(b"PAR1")
    report = k3d(str(sweep), cwd=tmp_path, cmd=REPORT)
    assert report.returncode == 1 and "1 failed" in report.stdout
    assert not (sweep / "sweep_summary.csv").exists()


def test_a_sweep_whose_gathering_fails_exits_1_in_one_line(tmp_path):
    """Hydra turns a callback's exception into a warning (exit 0); ours must not."""
    sweep = tmp_path / "sweep"
    (sweep / "sweep_summary.csv").mkdir(parents=True)  # cannot be replaced by the table
    proc = k3d("-m", "scenario=siloed", "seed=1", "weeks=2", f"hydra.sweep.dir={sweep}",
               cwd=tmp_path)
    assert proc.returncode == 1
    said = [line for line in proc.stderr.splitlines() if "k3d:" in line]
    assert len(said) == 1 and "gathering the sweep in" in said[0] and "failed" in said[0]
    assert "Traceback" not in proc.stderr and "UserWarning" not in proc.stderr
