"""A study folder rerun: only what is missing or damaged is computed again, leftovers and runs
of a larger study are never gathered. On a small study (two scenarios, one caseload cell): what
is tested is the bookkeeping of its runs, not their number."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.study.shared import WEEKLY_FILE

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
REPORT = [sys.executable, "-c", "from sim.cli import report_main; report_main()"]
LINE = ("replications=3", "weeks=8", "jobs=1", "study.scenarios=[siloed,pzk]",
        "study.families_per_worker=[0]")
CELL = "base"  # the cell of a study without a grid and with the preset's own caseload


def k3d(*args, cwd, cmd=K3D):
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The small study, run once; each test reruns a copy of it."""
    root = tmp_path_factory.mktemp("study") / "run"
    proc = k3d(*LINE, f"hydra.run.dir={root}", cwd=root.parent)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (root / "jobs" / CELL).iterdir()) == ["pzk", "siloed"]
    return root


def test_resumed_study_runs_only_what_is_missing(study, tmp_path):
    copy = tmp_path / "resume"
    shutil.copytree(study, copy)
    shutil.rmtree(copy / "jobs" / CELL / "pzk" / "r0001")
    (copy / "jobs" / CELL / "pzk" / ".r0002.tmp-999").mkdir()  # a killed job's leftovers
    kept = (copy / "jobs" / CELL / "siloed" / "r0000" / "summary.json").stat().st_mtime_ns
    proc = k3d(*LINE, f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "5 of 6 runs already complete" in proc.stderr
    assert (copy / "jobs" / CELL / "siloed" / "r0000" / "summary.json").stat().st_mtime_ns == kept
    assert not (copy / "jobs" / CELL / "pzk" / ".r0002.tmp-999").exists()
    pd.testing.assert_frame_equal(pd.read_csv(copy / "comparison.csv"),
                                  pd.read_csv(study / "comparison.csv"))


def test_a_rerun_with_fewer_replications_reports_exactly_those(study, tmp_path):
    """Runs of a larger study in the same folder are kept on disk but never gathered."""
    copy = tmp_path / "fewer"
    shutil.copytree(study, copy)
    proc = k3d(*LINE, "replications=2", f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = pd.read_csv(copy / "summary.csv")
    assert sorted(summary["replication"].unique()) == [0, 1]
    comparison = pd.read_csv(copy / "comparison.csv")
    assert (comparison["n_pairs"] <= 2).all()
    assert (comparison.loc[comparison["outcome"] == "exits_to_independence", "n_pairs"] == 2).all()
    assert (copy / "jobs" / CELL / "siloed" / "r0002" / "summary.json").exists()


def test_a_leftover_temporary_job_folder_is_never_gathered(study, tmp_path):
    copy = tmp_path / "leftover"
    shutil.copytree(study, copy)
    leftover = copy / "jobs" / CELL / "pzk" / ".r0001.tmp-999"
    shutil.copytree(copy / "jobs" / CELL / "pzk" / "r0001", leftover)
    summary = json.loads((leftover / "summary.json").read_text())
    (leftover / "summary.json").write_text(json.dumps({**summary, "replication": 7}))
    proc = k3d(*LINE, f"hydra.run.dir={copy}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert 7 not in set(pd.read_csv(copy / "summary.csv")["replication"])
    assert not leftover.exists()


def test_a_damaged_finished_run_is_left_out_then_recomputed(study, tmp_path):
    copy = tmp_path / "damaged"
    shutil.copytree(study, copy)
    weekly = copy / "jobs" / CELL / "pzk" / "r0001" / WEEKLY_FILE
    weekly.write_bytes(weekly.read_bytes()[:100])  # truncated, as by a full disk or a kill
    report = k3d(str(copy), cwd=tmp_path, cmd=REPORT)
    assert report.returncode == 0, report.stderr
    assert "1 runs left out" in report.stderr
    summary = pd.read_csv(copy / "summary.csv")
    assert len(summary) == len(pd.read_csv(study / "summary.csv")) - 1
    rerun = k3d(*LINE, f"hydra.run.dir={copy}", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "no longer match their checksums" in rerun.stderr
    pd.testing.assert_frame_equal(pd.read_csv(copy / "comparison.csv"),
                                  pd.read_csv(study / "comparison.csv"))


def test_a_resumed_study_hashes_each_stored_run_once(tmp_path, monkeypatch):
    """Resuming checks every stored run's files against its checksums before anything is reused
    or gathered, and once is enough: gathering takes the runs the runner found complete."""
    from collections import Counter

    import sim.study.gather
    import sim.study.runner
    from sim.configure import compose_config
    from sim.manifest import verified
    from sim.study.study import run_study

    line = ["replications=2", "weeks=2", "jobs=1", "study.scenarios=[siloed,pzk]",
            "study.families_per_worker=[0]", "municipality.initial_families=30"]
    root = tmp_path / "study"
    assert run_study(line, compose_config(line), root, progress=False) == 0
    hashed = Counter()

    def counted(folder):
        hashed[Path(folder).relative_to(root / "jobs").as_posix()] += 1
        return verified(folder)

    monkeypatch.setattr(sim.study.runner, "verified", counted)
    monkeypatch.setattr(sim.study.gather, "verified", counted)
    assert run_study(line, compose_config(line), root, progress=False) == 0
    jobs = json.loads((root / "study.json").read_text())["jobs"]
    assert len(jobs) == 4 and hashed == Counter(jobs)  # before: 2 each (3 with the study's)
